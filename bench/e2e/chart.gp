# The chart of bench/e2e/results/report.md: rates and latencies against catalog size, each of ours
# (solid) beside the server's own limit measured in the same run (dashed, same colour).
# gnuplot -e "data='bench/e2e/results/data.tsv'; out='bench/e2e/results/chart.png'" bench/e2e/chart.gp
if (!exists("data")) data = 'bench/e2e/results/data.tsv'
if (!exists("out")) out = 'bench/e2e/results/chart.png'
set terminal pngcairo size 1400,620 font ",10" noenhanced
set output out
set multiplot layout 1,2 title "products-service end to end (solid) vs the store alone (dashed)"
set logscale xy
set grid
set xlabel "products in the catalog"
set format x "%.0s%c"
set key below horizontal maxrows 4 font ",9"

set title "writes per second (higher is better)"
plot data using 1:2 with linespoints lw 2 lc 1 pt 7 title "creates applied", \
     ''   using 1:3 with linespoints lw 2 lc 1 pt 6 dt 2 title "raw bulk insert", \
     ''   using 1:4 with linespoints lw 2 lc 2 pt 7 title "updates applied", \
     ''   using 1:5 with linespoints lw 2 lc 2 pt 6 dt 2 title "raw bulk update by _id", \
     ''   using 1:6 with linespoints lw 2 lc 3 pt 7 title "gRPC Create", \
     ''   using 1:7 with linespoints lw 2 lc 3 pt 6 dt 2 title "raw insert_one"

set title "latency, ms (lower is better)"
plot data using 1:8  with linespoints lw 2 lc 4 pt 7 title "cache-miss GET p50", \
     ''   using 1:10 with linespoints lw 2 lc 4 pt 6 dt 2 title "raw find by _id p50", \
     ''   using 1:9  with linespoints lw 1 lc 4 pt 5 title "cache-miss GET p99", \
     ''   using 1:11 with linespoints lw 1 lc 4 pt 4 dt 2 title "raw find by _id p99", \
     ''   using 1:13 with linespoints lw 2 lc 7 pt 7 title "search p99", \
     ''   using 1:15 with linespoints lw 2 lc 7 pt 6 dt 2 title "raw count + first page p99", \
     ''   using 1:12 with linespoints lw 1 lc 6 pt 5 title "search p50", \
     ''   using 1:14 with linespoints lw 1 lc 6 pt 4 dt 2 title "raw count + first page p50"
unset multiplot
