package main

// Checks of the deployment files at the repository root (Dockerfile,
// docker-compose.yml, .env.example). No Docker engine runs where the
// tests run, so the files are parsed, not built.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// repoFile reads a file at the repository root (tests run in cmd/bot).
func repoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// --- docker-compose.yml ---

type composeFile struct {
	Version  string                    `yaml:"version"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string       `yaml:"image"`
	Command     stringList   `yaml:"command"`
	Volumes     []mount      `yaml:"volumes"`
	Environment envVars      `yaml:"environment"`
	DependsOn   dependsOn    `yaml:"depends_on"`
	Healthcheck *healthcheck `yaml:"healthcheck"`
	Restart     string       `yaml:"restart"`
	Privileged  bool         `yaml:"privileged"`
	Profiles    []string     `yaml:"profiles"`
}

type healthcheck struct {
	Test    stringList `yaml:"test"`
	Disable bool       `yaml:"disable"`
}

// stringList is a command: a YAML list, or a string split on spaces.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = strings.Fields(n.Value)
		return nil
	}
	var s []string
	err := n.Decode(&s)
	*l = s
	return err
}

// envVars is `environment:` as a map or as a list of NAME=value.
type envVars map[string]string

func (e *envVars) UnmarshalYAML(n *yaml.Node) error {
	m := envVars{}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if v.Tag == "!!null" {
				m[n.Content[i].Value] = ""
				continue
			}
			m[n.Content[i].Value] = v.Value
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			name, value, _ := strings.Cut(item.Value, "=")
			m[name] = value
		}
	default:
		return fmt.Errorf("line %d: environment is neither a map nor a list", n.Line)
	}
	*e = m
	return nil
}

// mount is a service volume, short ("src:/target:ro") or long syntax.
type mount struct{ Type, Source, Target string }

func (m *mount) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		parts := strings.Split(n.Value, ":")
		switch len(parts) {
		case 1:
			*m = mount{Type: "volume", Target: parts[0]}
		default:
			*m = mount{Source: parts[0], Target: parts[1], Type: "volume"}
			if strings.HasPrefix(parts[0], ".") || strings.HasPrefix(parts[0], "/") || strings.HasPrefix(parts[0], "~") {
				m.Type = "bind"
			}
		}
		return nil
	}
	var long struct {
		Type   string `yaml:"type"`
		Source string `yaml:"source"`
		Target string `yaml:"target"`
	}
	if err := n.Decode(&long); err != nil {
		return err
	}
	*m = mount(long)
	return nil
}

// dependsOn maps a service to its condition ("" for the list form).
type dependsOn map[string]string

func (d *dependsOn) UnmarshalYAML(n *yaml.Node) error {
	m := dependsOn{}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			m[item.Value] = ""
		}
	case yaml.MappingNode:
		var long map[string]struct {
			Condition string `yaml:"condition"`
		}
		if err := n.Decode(&long); err != nil {
			return err
		}
		for name, dep := range long {
			m[name] = dep.Condition
		}
	default:
		return fmt.Errorf("line %d: depends_on is neither a list nor a map", n.Line)
	}
	*d = m
	return nil
}

func TestDockerCompose(t *testing.T) {
	var c composeFile
	if err := yaml.Unmarshal([]byte(repoFile(t, "docker-compose.yml")), &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	if c.Version != "" {
		t.Errorf("top-level version: %q is obsolete in the Compose Specification; remove it", c.Version)
	}
	redis, okRedis := c.Services["redis"]
	bot, okBot := c.Services["bot"]
	if !okRedis || !okBot {
		t.Fatalf("services %v: want redis and bot", slices.Sorted(maps.Keys(c.Services)))
	}

	// Redis 7, persisted with the append-only file on a named volume.
	if !regexp.MustCompile(`^(docker\.io/)?(library/)?redis:7([.-]|$)`).MatchString(redis.Image) {
		t.Errorf("redis image %q: want redis:7 (e.g. redis:7-alpine)", redis.Image)
	}
	if got := flagValue(redis.Command, "--appendonly"); got != "yes" {
		t.Errorf("redis command %q: want --appendonly yes, got %q", redis.Command, got)
	}
	if got := flagValue(redis.Command, "--appendfsync"); got != "always" {
		t.Errorf("redis command %q: want --appendfsync always (an acknowledged check-in must survive a crash), got %q", redis.Command, got)
	}
	var data *mount
	for i, v := range redis.Volumes {
		if v.Target == "/data" {
			data = &redis.Volumes[i]
		}
	}
	switch {
	case data == nil:
		t.Errorf("redis volumes %+v: nothing mounted at /data", redis.Volumes)
	case data.Type != "volume" || data.Source == "":
		t.Errorf("redis /data mount %+v: want a named volume", *data)
	default:
		if _, ok := c.Volumes[data.Source]; !ok {
			t.Errorf("volume %q mounted at /data is not declared under top-level volumes", data.Source)
		}
	}

	for _, name := range []string{"redis", "bot"} {
		s := c.Services[name]
		if s.Healthcheck == nil || s.Healthcheck.Disable || len(s.Healthcheck.Test) == 0 || s.Healthcheck.Test[0] == "NONE" {
			t.Errorf("%s: no health check", name)
		}
		if r := s.Restart; r != "always" && r != "unless-stopped" && !strings.HasPrefix(r, "on-failure") {
			t.Errorf("%s: restart %q: want unless-stopped, always or on-failure", name, r)
		}
	}
	// The bot image has no shell: its check must be exec form.
	if hc := bot.Healthcheck; hc != nil && len(hc.Test) > 0 && hc.Test[0] != "CMD" {
		t.Errorf("bot health check %q: the distroless image has no shell; use [\"CMD\", \"/bot\", \"healthcheck\"]", hc.Test)
	}

	if cond, ok := bot.DependsOn["redis"]; !ok || cond != "service_healthy" {
		t.Errorf("bot depends_on %v: want redis with condition service_healthy", bot.DependsOn)
	}
	if raw := bot.Environment["REDIS_URL"]; raw == "" {
		t.Error("bot environment: REDIS_URL not set (it would run on an in-memory Redis and lose everything)")
	} else if u, err := url.Parse(raw); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Hostname() != "redis" {
		t.Errorf("bot REDIS_URL %q: want redis://redis:6379/... (the redis service)", raw)
	}
	if v := strings.ToLower(bot.Environment["CONSOLE"]); v == "true" || v == "1" {
		t.Errorf("bot CONSOLE=%s: a container has no terminal", v)
	}

	for name, s := range c.Services {
		if s.Privileged {
			t.Errorf("%s runs privileged", name)
		}
	}
}

// flagValue returns the word after flag in a command ("" if absent).
func flagValue(cmd []string, flag string) string {
	for i, w := range cmd {
		if w == flag && i+1 < len(cmd) {
			return cmd[i+1]
		}
		if v, ok := strings.CutPrefix(w, flag+"="); ok {
			return v
		}
	}
	return ""
}

// --- Dockerfile ---

type instruction struct {
	cmd, args string
	line      int
}

// parseDockerfile returns the instructions grouped by stage (each stage
// starts with its FROM); continuation lines are joined and comments
// dropped, as Docker does.
func parseDockerfile(t *testing.T, text string) [][]instruction {
	t.Helper()
	var stages [][]instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if body, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		cur.Reset()
		in := instruction{strings.ToUpper(cmd), strings.TrimSpace(args), start}
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		} else if len(stages) == 0 {
			if in.cmd != "ARG" {
				t.Fatalf("Dockerfile line %d: %s before the first FROM", in.line, in.cmd)
			}
			continue
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	return stages
}

func TestDockerfile(t *testing.T) {
	stages := parseDockerfile(t, repoFile(t, "Dockerfile"))
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d FROM stages: want a build stage and a minimal final stage", len(stages))
	}

	// The build stage: the one that runs `go build`.
	var build []instruction
	var goBuild string
	for _, st := range stages[:len(stages)-1] {
		for _, in := range st {
			if in.cmd == "RUN" && strings.Contains(in.args, "go build") {
				build, goBuild = st, in.args
			}
		}
	}
	if build == nil {
		t.Fatal("Dockerfile: no build stage before the final one runs `go build`")
	}
	cgoOff := strings.Contains(goBuild, "CGO_ENABLED=0")
	for _, in := range build {
		if (in.cmd == "ENV" || in.cmd == "ARG") && regexp.MustCompile(`\bCGO_ENABLED[= ]0\b`).MatchString(in.args) {
			cgoOff = true
		}
	}
	if !cgoOff {
		t.Errorf("go build %q runs without CGO_ENABLED=0: the binary would need libc", goBuild)
	}
	if !strings.Contains(goBuild, "./cmd/bot") {
		t.Errorf("go build %q does not build ./cmd/bot", goBuild)
	}
	// The Go of the build image is the one go.mod asks for.
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(repoFile(t, "go.mod"))
	if goLine == nil {
		t.Fatal("go.mod: no go line")
	}
	from := strings.Fields(build[0].args)
	image := ""
	for _, f := range from {
		if !strings.HasPrefix(f, "--") {
			image = f
			break
		}
	}
	if !regexp.MustCompile(`^(docker\.io/)?(library/)?golang:` + regexp.QuoteMeta(goLine[1]) + `([.-]|$)`).MatchString(image) {
		t.Errorf("build stage FROM %q: want golang:%s to match go.mod", image, goLine[1])
	}

	final := stages[len(stages)-1]
	user := ""
	var entrypoint []string
	var copied []string
	exposed := map[string]bool{}
	for _, in := range final {
		switch in.cmd {
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entrypoint = nil
			if err := json.Unmarshal([]byte(in.args), &entrypoint); err != nil {
				t.Errorf("Dockerfile line %d: ENTRYPOINT %s is not exec form (the final image has no shell): %v", in.line, in.args, err)
			}
		case "COPY":
			if f := strings.Fields(in.args); strings.HasPrefix(in.args, "--from=") && len(f) > 0 {
				copied = append(copied, f[len(f)-1])
			}
		case "EXPOSE":
			for _, p := range strings.Fields(in.args) {
				port, _, _ := strings.Cut(p, "/")
				exposed[port] = true
			}
		}
	}
	name, _, _ := strings.Cut(user, ":")
	if name == "" || name == "root" || name == "0" {
		t.Errorf("final stage USER %q: want a non-root user such as 65532", user)
	}
	if len(entrypoint) == 0 || filepath.Base(entrypoint[0]) != "bot" {
		t.Errorf("final stage ENTRYPOINT %q: want [\"/bot\"]", entrypoint)
	} else if !slices.Contains(copied, entrypoint[0]) {
		t.Errorf("ENTRYPOINT %s is not copied from the build stage (COPY --from=... destinations %q)", entrypoint[0], copied)
	}
	for _, port := range []string{"8080", "8443"} {
		if !exposed[port] {
			t.Errorf("final stage does not EXPOSE %s", port)
		}
	}
}

// --- .env.example ---

// configVars returns the variable names of the README's Configuration
// table (a row may name several, e.g. `DISCORD_SHARD_ID`, `DISCORD_SHARD_COUNT`).
func configVars(t *testing.T) []string {
	t.Helper()
	_, section, ok := strings.Cut(repoFile(t, "README.md"), "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md: no \"## Configuration\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	name := regexp.MustCompile("`([A-Z][A-Z0-9_]*)`")
	var vars []string
	for line := range strings.Lines(section) {
		cells := strings.Split(line, "|")
		if !strings.HasPrefix(strings.TrimSpace(line), "|") || len(cells) < 3 {
			continue
		}
		for _, m := range name.FindAllStringSubmatch(cells[1], -1) {
			vars = append(vars, m[1])
		}
	}
	if len(vars) < 10 {
		t.Fatalf("README.md Configuration table: found only %q; has its format changed?", vars)
	}
	return vars
}

func TestEnvExample(t *testing.T) {
	env := map[string]string{}
	for n, line := range strings.Split(repoFile(t, ".env.example"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			t.Errorf(".env.example line %d: %q is not NAME=value", n+1, line)
			continue
		}
		name = strings.TrimSpace(name)
		if _, dup := env[name]; dup {
			t.Errorf(".env.example line %d: %s set twice", n+1, name)
		}
		env[name] = strings.Trim(strings.TrimSpace(value), `"'`)
	}
	for _, v := range configVars(t) {
		if _, ok := env[v]; !ok {
			t.Errorf(".env.example lacks %s (listed in the README's Configuration table)", v)
		}
	}
	for name, value := range env {
		if (strings.Contains(name, "TOKEN") || strings.Contains(name, "SECRET") || strings.Contains(name, "PASSWORD")) && value != "" {
			t.Errorf(".env.example: secret %s has a value; leave it empty", name)
		}
	}
	if v := strings.ToLower(env["CONSOLE"]); v == "true" || v == "1" {
		t.Errorf(".env.example: CONSOLE=%s, but a container has no terminal", v)
	}
}
