// chart-check reads the manifests `helm template` renders for deploy/helm/products-service and
// checks them against the service's own configuration file, so that the chart cannot drift from
// the service: every environment variable is a config key's override (SECTION_KEY), the container
// ports are the ports the service will listen on, the probes hit /readyz, /healthz and the gRPC
// health service on those ports, the pod outlives the service's drain bound, the ConfigMap holds
// config.yaml unchanged and is what --config reads, and the Service, HorizontalPodAutoscaler,
// PodDisruptionBudget and ServiceMonitor point at the Deployment's pods and ports.
//
//	helm template deploy/helm/products-service | chart-check -config config/config.yaml [-expect Kind,...]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

func main() {
	configFile := flag.String("config", "config/config.yaml", "the service's configuration file")
	expect := flag.String("expect", "", "comma-separated kinds that must be rendered besides Deployment, Service and ConfigMap")
	flag.Parse()

	config, err := loadConfig(*configFile)
	if err != nil {
		fatal(err)
	}
	manifests, err := parseManifests(os.Stdin)
	if err != nil {
		fatal(err)
	}
	kinds := []string{"Deployment", "Service", "ConfigMap"}
	if *expect != "" {
		kinds = append(kinds, strings.Split(*expect, ",")...)
	}
	problems := check(manifests, config, kinds)
	for _, p := range problems {
		fmt.Fprintf(os.Stderr, "chart-check: %s\n", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Printf("chart-check: %d manifests agree with %s\n", len(manifests.all), *configFile)
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "chart-check: %v\n", err)
	os.Exit(1)
}

// config is the service's configuration file: its text, and each key's value by the name of the
// environment variable that overrides it (http.port -> HTTP_PORT).
type config struct {
	text   string
	values map[string]string
}

func loadConfig(file string) (config, error) {
	text, err := os.ReadFile(file)
	if err != nil {
		return config{}, err
	}
	var sections map[string]map[string]any
	if err := yaml.Unmarshal(text, &sections); err != nil {
		return config{}, fmt.Errorf("%s: %w", file, err)
	}
	values := map[string]string{}
	for section, keys := range sections {
		for key, value := range keys {
			values[strings.ToUpper(section+"_"+key)] = fmt.Sprint(value)
		}
	}
	return config{text: string(text), values: values}, nil
}

type meta struct {
	Name   string            `yaml:"name"`
	Labels map[string]string `yaml:"labels"`
}

type selector struct {
	MatchLabels map[string]string `yaml:"matchLabels"`
}

type probe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	} `yaml:"httpGet"`
	GRPC *struct {
		Port int `yaml:"port"`
	} `yaml:"grpc"`
}

type envVar struct {
	Name      string  `yaml:"name"`
	Value     *string `yaml:"value"`
	ValueFrom any     `yaml:"valueFrom"`
}

type container struct {
	Name  string   `yaml:"name"`
	Args  []string `yaml:"args"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	Env            []envVar `yaml:"env"`
	StartupProbe   *probe   `yaml:"startupProbe"`
	ReadinessProbe *probe   `yaml:"readinessProbe"`
	LivenessProbe  *probe   `yaml:"livenessProbe"`
	Lifecycle      struct {
		PreStop struct {
			Exec struct {
				Command []string `yaml:"command"`
			} `yaml:"exec"`
		} `yaml:"preStop"`
	} `yaml:"lifecycle"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

type deployment struct {
	Metadata meta `yaml:"metadata"`
	Spec     struct {
		Selector selector `yaml:"selector"`
		Template struct {
			Metadata meta `yaml:"metadata"`
			Spec     struct {
				TerminationGracePeriodSeconds *int        `yaml:"terminationGracePeriodSeconds"`
				Containers                    []container `yaml:"containers"`
				Volumes                       []struct {
					Name      string `yaml:"name"`
					ConfigMap *struct {
						Name string `yaml:"name"`
					} `yaml:"configMap"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type service struct {
	Metadata meta `yaml:"metadata"`
	Spec     struct {
		Selector map[string]string `yaml:"selector"`
		Ports    []struct {
			Name       string `yaml:"name"`
			Port       int    `yaml:"port"`
			TargetPort any    `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

type configMap struct {
	Metadata meta              `yaml:"metadata"`
	Data     map[string]string `yaml:"data"`
}

type autoscaler struct {
	Spec struct {
		ScaleTargetRef struct {
			Kind string `yaml:"kind"`
			Name string `yaml:"name"`
		} `yaml:"scaleTargetRef"`
		MinReplicas int `yaml:"minReplicas"`
		MaxReplicas int `yaml:"maxReplicas"`
	} `yaml:"spec"`
}

type disruptionBudget struct {
	Spec struct {
		Selector selector `yaml:"selector"`
	} `yaml:"spec"`
}

type serviceMonitor struct {
	Spec struct {
		Selector  selector `yaml:"selector"`
		Endpoints []struct {
			Port string `yaml:"port"`
			Path string `yaml:"path"`
		} `yaml:"endpoints"`
	} `yaml:"spec"`
}

// manifests are the rendered documents by kind, each kept as a YAML node to decode by its kind.
type manifests struct {
	all    []*yaml.Node
	byKind map[string][]*yaml.Node
}

func parseManifests(in io.Reader) (manifests, error) {
	m := manifests{byKind: map[string][]*yaml.Node{}}
	decoder := yaml.NewDecoder(in)
	for {
		var doc yaml.Node
		err := decoder.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		if err != nil {
			return m, fmt.Errorf("the manifests are not YAML: %w", err)
		}
		var head struct {
			Kind string `yaml:"kind"`
		}
		if err := doc.Decode(&head); err != nil || head.Kind == "" {
			continue // an empty document, e.g. a template switched off
		}
		m.all = append(m.all, &doc)
		m.byKind[head.Kind] = append(m.byKind[head.Kind], &doc)
	}
}

// decodeAll decodes every manifest of one kind into T.
func decodeAll[T any](m manifests, kind string) ([]T, error) {
	var out []T
	for _, node := range m.byKind[kind] {
		var v T
		if err := node.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		out = append(out, v)
	}
	return out, nil
}

type checker struct {
	problems []string
}

func (c *checker) failf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func check(m manifests, cfg config, kinds []string) []string {
	c := &checker{}
	for _, kind := range kinds {
		if len(m.byKind[kind]) == 0 {
			c.failf("no %s rendered", kind)
		}
	}
	deployments, err := decodeAll[deployment](m, "Deployment")
	if err != nil || len(deployments) != 1 {
		c.failf("want exactly one Deployment, got %d (%v)", len(deployments), err)
		return c.problems
	}
	d := deployments[0]
	if len(d.Spec.Template.Spec.Containers) != 1 {
		c.failf("want one container in the pod, got %d", len(d.Spec.Template.Spec.Containers))
		return c.problems
	}
	ct := d.Spec.Template.Spec.Containers[0]
	effective := c.checkEnv(ct, cfg)
	ports := c.checkPorts(ct, effective)
	c.checkProbes(ct, ports, effective)
	c.checkGracePeriod(d, ct, effective)
	c.checkConfigMap(m, d, ct, cfg)
	c.checkSelectors(m, d, ports)
	return c.problems
}

// checkEnv: every variable overrides a key of config.yaml, once. Returns each key's value as the
// service will see it: the variable's literal value, else the file's.
func (c *checker) checkEnv(ct container, cfg config) map[string]string {
	effective := map[string]string{}
	for name, value := range cfg.values {
		effective[name] = value
	}
	seen := map[string]bool{}
	for _, env := range ct.Env {
		if _, known := cfg.values[env.Name]; !known {
			c.failf("env %s overrides no key of the config file (the service ignores it)", env.Name)
		}
		if seen[env.Name] {
			c.failf("env %s is set twice", env.Name)
		}
		seen[env.Name] = true
		if env.Value != nil {
			effective[env.Name] = *env.Value
		}
	}
	return effective
}

// checkPorts: the container ports http, grpc and metrics are the ports the service listens on.
// Returns the container's ports by name.
func (c *checker) checkPorts(ct container, effective map[string]string) map[string]int {
	ports := map[string]int{}
	for _, p := range ct.Ports {
		ports[p.Name] = p.ContainerPort
	}
	for name, key := range map[string]string{"http": "HTTP_PORT", "grpc": "GRPC_PORT", "metrics": "METRICS_PORT"} {
		port, ok := ports[name]
		if !ok {
			c.failf("container port %q is missing", name)
			continue
		}
		if strconv.Itoa(port) != effective[key] {
			c.failf("container port %q is %d but the service listens on %s (%s)", name, port, effective[key], key)
		}
	}
	return ports
}

func (c *checker) checkProbes(ct container, ports map[string]int, effective map[string]string) {
	httpProbe := func(what string, p *probe, wantPath string) {
		if p == nil || p.HTTPGet == nil {
			c.failf("%s probe: want an httpGet of %s", what, wantPath)
			return
		}
		if p.HTTPGet.Path != wantPath {
			c.failf("%s probe: path %s, want %s", what, p.HTTPGet.Path, wantPath)
		}
		if port := resolvePort(p.HTTPGet.Port, ports); strconv.Itoa(port) != effective["HTTP_PORT"] {
			c.failf("%s probe: port %v, want the REST port %s", what, p.HTTPGet.Port, effective["HTTP_PORT"])
		}
	}
	httpProbe("readiness", ct.ReadinessProbe, "/readyz")
	httpProbe("liveness", ct.LivenessProbe, "/healthz")
	grpcProbed := false
	for _, p := range []*probe{ct.StartupProbe, ct.ReadinessProbe, ct.LivenessProbe} {
		if p != nil && p.GRPC != nil {
			grpcProbed = true
			if strconv.Itoa(p.GRPC.Port) != effective["GRPC_PORT"] {
				c.failf("gRPC probe: port %d, want the gRPC port %s", p.GRPC.Port, effective["GRPC_PORT"])
			}
		}
	}
	if !grpcProbed {
		c.failf("no probe asks the gRPC health service")
	}
}

// resolvePort turns a probe's or Service's port (a number or a container port's name) into a number.
func resolvePort(port any, ports map[string]int) int {
	switch p := port.(type) {
	case int:
		return p
	case string:
		if n, err := strconv.Atoi(p); err == nil {
			return n
		}
		return ports[p]
	}
	return 0
}

// checkGracePeriod: Kubernetes must not kill the pod before its preStop pause and the service's
// own bounded shutdown are over.
func (c *checker) checkGracePeriod(d deployment, ct container, effective map[string]string) {
	shutdownMs, err := strconv.Atoi(effective["SERVICE_SHUTDOWN_TIMEOUT_MS"])
	if err != nil {
		c.failf("service.shutdown_timeout_ms is not a number: %q", effective["SERVICE_SHUTDOWN_TIMEOUT_MS"])
		return
	}
	preStopMs := 0
	if cmd := ct.Lifecycle.PreStop.Exec.Command; len(cmd) == 2 && cmd[0] == "sleep" {
		seconds, err := strconv.Atoi(cmd[1])
		if err != nil {
			c.failf("preStop: cannot read the pause in %q", cmd)
		}
		preStopMs = seconds * 1000
	}
	grace := d.Spec.Template.Spec.TerminationGracePeriodSeconds
	if grace == nil {
		c.failf("terminationGracePeriodSeconds is not set (Kubernetes' 30 s default is not derived from the config)")
		return
	}
	if *grace*1000 <= preStopMs+shutdownMs {
		c.failf("terminationGracePeriodSeconds %d s does not outlast the preStop pause (%d ms) plus the service's shutdown bound (%d ms)",
			*grace, preStopMs, shutdownMs)
	}
}

// checkConfigMap: --config names config.yaml in a mounted ConfigMap that holds the file unchanged.
func (c *checker) checkConfigMap(m manifests, d deployment, ct container, cfg config) {
	configPath := ""
	for i, arg := range ct.Args {
		if arg == "--config" && i+1 < len(ct.Args) {
			configPath = ct.Args[i+1]
		}
	}
	if configPath == "" {
		c.failf("the container's args do not pass --config")
		return
	}
	volume := ""
	for _, mount := range ct.VolumeMounts {
		if mount.MountPath == path.Dir(configPath) {
			volume = mount.Name
		}
	}
	mapName := ""
	for _, v := range d.Spec.Template.Spec.Volumes {
		if v.Name == volume && v.ConfigMap != nil {
			mapName = v.ConfigMap.Name
		}
	}
	if mapName == "" {
		c.failf("--config %s is not in a mounted ConfigMap", configPath)
		return
	}
	maps, err := decodeAll[configMap](m, "ConfigMap")
	if err != nil {
		c.failf("%v", err)
		return
	}
	for _, cm := range maps {
		if cm.Metadata.Name != mapName {
			continue
		}
		data, ok := cm.Data[path.Base(configPath)]
		if !ok {
			c.failf("ConfigMap %s has no key %s", mapName, path.Base(configPath))
		} else if strings.TrimRight(data, "\n") != strings.TrimRight(cfg.text, "\n") {
			c.failf("ConfigMap %s's %s differs from the service's config file", mapName, path.Base(configPath))
		}
		return
	}
	c.failf("the pod mounts ConfigMap %s, which is not rendered", mapName)
}

func subset(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// checkSelectors: every object that points at the pods or their ports finds them.
func (c *checker) checkSelectors(m manifests, d deployment, ports map[string]int) {
	pod := d.Spec.Template.Metadata.Labels
	if !subset(d.Spec.Selector.MatchLabels, pod) {
		c.failf("the Deployment's selector does not match its own pods")
	}
	services, err := decodeAll[service](m, "Service")
	if err != nil {
		c.failf("%v", err)
	}
	servicePorts := map[string]int{} // name -> container port
	var serviceLabels []map[string]string
	for _, s := range services {
		if !subset(s.Spec.Selector, pod) {
			c.failf("Service %s selects no pod of the Deployment", s.Metadata.Name)
		}
		for _, p := range s.Spec.Ports {
			target := resolvePort(p.TargetPort, ports)
			if p.TargetPort == nil {
				target = p.Port
			}
			if !containsPort(ports, target) {
				c.failf("Service %s port %s targets %v, which the container does not expose", s.Metadata.Name, p.Name, p.TargetPort)
			}
			servicePorts[p.Name] = target
		}
		serviceLabels = append(serviceLabels, s.Metadata.Labels)
	}
	autoscalers, err := decodeAll[autoscaler](m, "HorizontalPodAutoscaler")
	if err != nil {
		c.failf("%v", err)
	}
	for _, a := range autoscalers {
		ref := a.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.Name != d.Metadata.Name {
			c.failf("the HorizontalPodAutoscaler scales %s %s, not the Deployment %s", ref.Kind, ref.Name, d.Metadata.Name)
		}
		if a.Spec.MinReplicas < 1 || a.Spec.MaxReplicas < a.Spec.MinReplicas {
			c.failf("the HorizontalPodAutoscaler's replicas %d..%d are no range", a.Spec.MinReplicas, a.Spec.MaxReplicas)
		}
	}
	budgets, err := decodeAll[disruptionBudget](m, "PodDisruptionBudget")
	if err != nil {
		c.failf("%v", err)
	}
	for _, b := range budgets {
		if !subset(b.Spec.Selector.MatchLabels, pod) {
			c.failf("the PodDisruptionBudget selects no pod of the Deployment")
		}
	}
	monitors, err := decodeAll[serviceMonitor](m, "ServiceMonitor")
	if err != nil {
		c.failf("%v", err)
	}
	for _, sm := range monitors {
		matched := false
		for _, labels := range serviceLabels {
			matched = matched || subset(sm.Spec.Selector.MatchLabels, labels)
		}
		if !matched {
			c.failf("the ServiceMonitor selects no Service")
		}
		for _, e := range sm.Spec.Endpoints {
			if target, ok := servicePorts[e.Port]; !ok || target != ports["metrics"] || e.Path != "/metrics" {
				c.failf("the ServiceMonitor scrapes port %q path %q, want the Service's metrics port and /metrics", e.Port, e.Path)
			}
		}
	}
}

func containsPort(ports map[string]int, port int) bool {
	for _, p := range ports {
		if p == port {
			return true
		}
	}
	return false
}
