// compose-check validates a Compose file without Docker: it loads the file with the Compose
// specification's own loader (the one `docker compose` uses: schema, interpolation, references
// between services, networks and volumes), then checks that every host path the file names —
// bind mounts, file-based configs and secrets, build contexts and Dockerfiles — exists, which the
// loader leaves to the Docker engine at `up` time.
//
//	compose-check docker-compose.yml
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check FILE")
		os.Exit(2)
	}
	project, err := load(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	problems := missingHostPaths(project)
	for _, p := range problems {
		fmt.Fprintf(os.Stderr, "compose-check: %s\n", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Printf("compose-check: %s: %d services, every host path exists\n", os.Args[1], len(project.Services))
}

// The machine's environment is left out, so that the result does not depend on who runs the
// check: every variable the file uses needs a default in the file.
func load(file string) (*types.Project, error) {
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithResolvedPaths(true))
	if err != nil {
		return nil, err
	}
	return options.LoadProject(context.Background())
}

func missingHostPaths(project *types.Project) []string {
	var problems []string
	need := func(owner, what, path string) {
		if _, err := os.Stat(path); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s %s does not exist", owner, what, path))
		}
	}
	names := make([]string, 0, len(project.Services))
	for name := range project.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		service := project.Services[name]
		owner := "service " + name
		for _, volume := range service.Volumes {
			if volume.Type == types.VolumeTypeBind {
				need(owner, "bind mount source", volume.Source)
			}
		}
		if service.Build != nil {
			need(owner, "build context", service.Build.Context)
			dockerfile := service.Build.Dockerfile
			if !filepath.IsAbs(dockerfile) {
				dockerfile = filepath.Join(service.Build.Context, dockerfile)
			}
			if service.Build.DockerfileInline == "" {
				need(owner, "Dockerfile", dockerfile)
			}
		}
	}
	for name, config := range project.Configs {
		if config.File != "" {
			need("config "+name, "file", config.File)
		}
	}
	for name, secret := range project.Secrets {
		if secret.File != "" {
			need("secret "+name, "file", secret.File)
		}
	}
	return problems
}
