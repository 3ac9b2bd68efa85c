package main

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The compose file's "monitoring" profile: Prometheus and Grafana only
// with --profile monitoring (the bot and Redis always), every file they
// mount exists, Prometheus scrapes the bot's metrics port, and Grafana
// gets the data source and the dashboard, which names that data source.
func TestDockerCompose_monitoringProfile(t *testing.T) {
	var c composeFile
	if err := yaml.Unmarshal([]byte(repoFile(t, "docker-compose.yml")), &c); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"redis", "bot"} {
		if p := c.Services[name].Profiles; len(p) > 0 {
			t.Errorf("%s has profiles %v: it must run without any", name, p)
		}
	}
	mounts := map[string]string{} // target in a container → source in the repository
	for _, name := range []string{"prometheus", "grafana"} {
		s, ok := c.Services[name]
		if !ok {
			t.Fatalf("no %s service", name)
		}
		if !slices.Contains(s.Profiles, "monitoring") {
			t.Errorf("%s: profiles %v, want monitoring", name, s.Profiles)
		}
		for _, m := range s.Volumes {
			switch m.Type {
			case "bind":
				if _, err := os.Stat(filepath.Join("..", "..", m.Source)); err != nil {
					t.Errorf("%s mounts %s, which does not exist: %v", name, m.Source, err)
				}
				mounts[m.Target] = m.Source
			case "volume":
				if _, ok := c.Volumes[m.Source]; !ok {
					t.Errorf("%s: volume %q is not declared under top-level volumes", name, m.Source)
				}
			}
		}
	}

	// Prometheus scrapes bot:<the port of the bot's HTTP_ADDR>.
	promConf := flagValue(c.Services["prometheus"].Command, "--config.file")
	if promConf == "" {
		for _, w := range c.Services["prometheus"].Command {
			if v, ok := strings.CutPrefix(w, "--config.file="); ok {
				promConf = v
			}
		}
	}
	src, ok := mounts[promConf]
	if !ok {
		t.Fatalf("prometheus config %q is not a file mounted from the repository (mounts %v)", promConf, mounts)
	}
	var prom struct {
		ScrapeConfigs []struct {
			MetricsPath   string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal([]byte(repoFile(t, src)), &prom); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	_, port, err := net.SplitHostPort(c.Services["bot"].Environment["HTTP_ADDR"])
	if err != nil {
		t.Fatalf("bot HTTP_ADDR: %v", err)
	}
	scraped := false
	for _, sc := range prom.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			if slices.Contains(st.Targets, "bot:"+port) && (sc.MetricsPath == "" || sc.MetricsPath == "/metrics") {
				scraped = true
			}
		}
	}
	if !scraped {
		t.Errorf("%s does not scrape bot:%s/metrics", src, port)
	}

	// Grafana: the provisioning directory, whose dashboard provider reads
	// the directory the dashboard JSON is mounted in, and whose data
	// source is the one the dashboard's panels name.
	prov, ok := mounts["/etc/grafana/provisioning"]
	if !ok {
		t.Fatalf("grafana mounts no provisioning directory (mounts %v)", mounts)
	}
	var providers struct {
		Providers []struct {
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	var sources struct {
		Datasources []struct {
			UID, Type, URL string
		} `yaml:"datasources"`
	}
	readYAMLs(t, filepath.Join(prov, "dashboards"), &providers)
	readYAMLs(t, filepath.Join(prov, "datasources"), &sources)
	var dashboard string
	for target, source := range mounts {
		for _, p := range providers.Providers {
			if filepath.Dir(target) == p.Options.Path && strings.HasSuffix(source, ".json") {
				dashboard = source
			}
		}
	}
	if dashboard == "" {
		t.Fatalf("no dashboard JSON mounted where a provider reads (providers %+v, mounts %v)", providers, mounts)
	}
	var dash struct {
		Panels []struct {
			Title      string `json:"title"`
			Datasource struct {
				UID string `json:"uid"`
			} `json:"datasource"`
		} `json:"panels"`
	}
	if err := json.Unmarshal([]byte(repoFile(t, dashboard)), &dash); err != nil {
		t.Fatalf("%s: %v", dashboard, err)
	}
	uids := map[string]bool{}
	for _, s := range sources.Datasources {
		if s.Type == "prometheus" && strings.Contains(s.URL, "prometheus:9090") {
			uids[s.UID] = true
		}
	}
	if len(dash.Panels) == 0 {
		t.Fatalf("%s has no panels", dashboard)
	}
	for _, p := range dash.Panels {
		if !uids[p.Datasource.UID] {
			t.Errorf("panel %q uses data source %q, not the provisioned Prometheus %v", p.Title, p.Datasource.UID, uids)
		}
	}
}

// readYAMLs decodes every YAML file of a repository directory into v.
func readYAMLs(t *testing.T, dir string, v any) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", dir, "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no YAML in %s (%v)", dir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
}
