package main

import "github.com/iamplayground/iamplay/scenarios"

// catalog is the scenario library the command uses: package scenarios,
// whose files are compiled in. dir only names them in messages.
func catalog(dir string) Library {
	return func() ([]Scenario, error) {
		entries, err := scenarios.Catalog()
		out := make([]Scenario, 0, len(entries))
		for _, e := range entries {
			sc := Scenario{ID: e.ID, Title: e.Title, Summary: e.Summary, Explanation: e.Explanation, Tags: e.Tags, File: dir + "/" + e.ID + ".json"}
			for _, r := range e.Requests {
				sc.Requests = append(sc.Requests, ScenarioRequest{
					Name: r.Name, Description: r.Description, Expect: r.Expect,
					Input: r.Input, Steps: r.Steps, Refused: r.Refused, NotSent: r.NotSent,
				})
			}
			out = append(out, sc)
		}
		return out, err
	}
}
