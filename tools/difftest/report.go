package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

// sortedCategories lists the categories, largest first.
func (t *tally) sortedCategories() []*category {
	var cats []*category
	for _, s := range t.order {
		cats = append(cats, t.categories[s])
	}
	slices.SortStableFunc(cats, func(a, b *category) int { return b.count - a.count })
	return cats
}

func (t *tally) summary(o options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: %d cases, %d compared (%d rejected by the simulator, %d by the engine)\n", o.seed, t.cases, t.compared, t.simErrors, t.engineErrors)
	fmt.Fprintf(&b, "agreement: %d/%d = %.3f%% of all compared; outside adjudicated areas %d/%d = %.3f%%\n",
		t.agreed, t.compared, pct(t.agreed, t.compared), t.outsideAgreed, t.outside, pct(t.outsideAgreed, t.outside))
	for _, r := range slices.Sorted(maps.Keys(t.byArea)) {
		fmt.Fprintf(&b, "  adjudicated area %s: %d cases\n", r, t.byArea[r])
	}
	rej := slices.Sorted(maps.Keys(t.rejections))
	slices.SortStableFunc(rej, func(a, b string) int { return t.rejections[b] - t.rejections[a] })
	for i, r := range rej {
		if i == 12 {
			fmt.Fprintf(&b, "  … %d more kinds of rejection\n", len(rej)-i)
			break
		}
		fmt.Fprintf(&b, "  rejected %5d× by the %s\n", t.rejections[r], r)
	}
	for _, k := range slices.Sorted(maps.Keys(t.ignoredKeys)) {
		fmt.Fprintf(&b, "  the simulator dropped context key %s (not in its catalogue for the action) in %d cases\n", k, t.ignoredKeys[k])
	}
	fmt.Fprintf(&b, "rate: %.0f cases/s evaluated by both (simulator %.1fs, %.0f cases/s; engine %.2fs, %.0f cases/s); %.1fs in all with minimising\n",
		float64(t.cases)/(t.simTime+t.engineTime).Seconds(), t.simTime.Seconds(), float64(t.cases)/t.simTime.Seconds(),
		t.engineTime.Seconds(), float64(t.cases)/t.engineTime.Seconds(), t.took.Seconds())
	fmt.Fprintf(&b, "area check: %d of the adjudicated groups' minimised examples left every area (each is listed below as LEFT ITS AREA)\n", t.escaped)
	fmt.Fprintf(&b, "disagreements by category (%d categories):\n", len(t.order))
	for _, c := range t.sortedCategories() {
		area := ""
		if c.area != nil {
			area = " [area " + c.area.ID + "]"
		}
		fmt.Fprintf(&b, "  %6d  %s%s\n", c.count, c.sig, area)
	}
	return b.String()
}

func (t *tally) markdown(o options, rules []Rule) string {
	var b strings.Builder
	b.WriteString("# Differential test report\n\n")
	b.WriteString("Engine against @cloud-copilot/iam-simulate (separate Node process).\n\n```text\n")
	b.WriteString(t.summary(o))
	b.WriteString("```\n\n## Adjudicated areas\n\n")
	for _, r := range rules {
		state := "draft"
		if r.Confirmed {
			state = "confirmed"
		}
		fmt.Fprintf(&b, "- **%s** (%s, %d cases): %s — %s\n", r.ID, state, t.byArea[r.ID], r.Rule, r.Doc)
	}
	b.WriteString("\n## Categories of disagreement\n\n")
	for i, c := range t.sortedCategories() {
		fmt.Fprintf(&b, "### %d. %d cases: engine %s, simulator %s\n\n", i+1, c.count, c.engine, c.sim)
		fmt.Fprintf(&b, "Signature: `%s`\n\n", c.sig)
		if c.area != nil {
			fmt.Fprintf(&b, "In adjudicated area `%s` (%d of them).\n\n", c.area.ID, c.inArea)
		}
		if len(c.ignored) > 0 {
			fmt.Fprintf(&b, "The simulator ignored context keys: %s\n\n", strings.Join(c.ignored, ", "))
		}
		ex := c.minimised
		if ex == nil {
			ex = c.example
		}
		fmt.Fprintf(&b, "Reproducer (`go run ./cmd/iamplay eval FILE`):\n\n```json\n%s\n```\n\n", indentJSON(ex))
	}
	return b.String()
}

func indentJSON(c *Case) string {
	var b strings.Builder
	js := c.JSON()
	depth := 0
	inStr, esc := false, false
	for _, ch := range string(js) {
		switch {
		case inStr:
			b.WriteRune(ch)
			if esc {
				esc = false
			} else if ch == '\\' {
				esc = true
			} else if ch == '"' {
				inStr = false
			}
			continue
		case ch == '"':
			inStr = true
			b.WriteRune(ch)
		case ch == '{' || ch == '[':
			depth++
			b.WriteRune(ch)
			b.WriteString("\n" + strings.Repeat("  ", depth))
		case ch == '}' || ch == ']':
			depth--
			b.WriteString("\n" + strings.Repeat("  ", depth))
			b.WriteRune(ch)
		case ch == ',':
			b.WriteString(",\n" + strings.Repeat("  ", depth))
		case ch == ':':
			b.WriteString(": ")
		default:
			b.WriteRune(ch)
		}
	}
	return b.String()
}
