package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// campaignColumns is the campaign file's row layout; a first row with
// these names is a header.
var campaignColumns = []string{"profile_id", "points", "reason", "ref_id"}

// maxProblems is how many bad rows an error lists before it only counts.
const maxProblems = 20

// row is one checked campaign row.
type row struct {
	Line      int // line in the file, for messages
	ProfileID int64
	Points    int64
	Reason    string
	RefID     string
}

// readCampaign reads and checks the whole campaign file, so that a bad row
// stops the run before the first call rather than halfway through it.
func readCampaign(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, problems := parseCampaign(f)
	if len(problems) == 0 && len(rows) == 0 {
		problems = append(problems, "no rows to credit")
	}
	if len(problems) > 0 {
		return nil, badRows(path, problems)
	}
	return rows, nil
}

// parseCampaign returns the good rows and a message for each bad one.
func parseCampaign(r io.Reader) ([]row, []string) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // the column count is checked per row, with its line
	var rows []row
	var problems []string
	seen := map[string]int{} // ref_id → line
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			// After a quoting error the reader's idea of rows is unreliable.
			problems = append(problems, fmt.Sprintf("line %d: %v (the rest of the file was not checked)", perr.Line, perr.Err))
			break
		}
		if err != nil {
			return nil, []string{err.Error()}
		}
		line, _ := cr.FieldPos(0)
		if first {
			rec[0] = strings.TrimPrefix(rec[0], "\uFEFF") // spreadsheets start UTF-8 files with a BOM
			if strings.EqualFold(strings.TrimSpace(rec[0]), campaignColumns[0]) {
				if !isHeader(rec) {
					problems = append(problems, fmt.Sprintf("line %d: the header must be %s", line, strings.Join(campaignColumns, ",")))
				}
				continue
			}
		}
		rw, problem := parseRow(line, rec)
		if problem == "" {
			if prev, dup := seen[rw.RefID]; dup {
				problem = fmt.Sprintf("ref_id %q is on line %d already", rw.RefID, prev)
			}
		}
		if problem != "" {
			problems = append(problems, fmt.Sprintf("line %d: %s", line, problem))
			continue
		}
		seen[rw.RefID] = line
		rows = append(rows, rw)
	}
	return rows, problems
}

func isHeader(rec []string) bool {
	if len(rec) != len(campaignColumns) {
		return false
	}
	for i, name := range campaignColumns {
		if !strings.EqualFold(strings.TrimSpace(rec[i]), name) {
			return false
		}
	}
	return true
}

// parseRow checks one record; it returns what is wrong with it, or "".
func parseRow(line int, rec []string) (row, string) {
	if len(rec) != len(campaignColumns) {
		return row{}, fmt.Sprintf("%d columns, want %d (%s)", len(rec), len(campaignColumns), strings.Join(campaignColumns, ","))
	}
	for _, field := range rec {
		if !utf8.ValidString(field) {
			return row{}, "not valid UTF-8"
		}
	}
	id, problem := positive("profile_id", rec[0])
	if problem != "" {
		return row{}, problem
	}
	points, problem := positive("points", rec[1])
	if problem != "" {
		return row{}, problem
	}
	ref := strings.TrimSpace(rec[3])
	if ref == "" {
		return row{}, "ref_id is empty: every row needs one, it is how a lost answer is reconciled"
	}
	return row{Line: line, ProfileID: id, Points: points, Reason: strings.TrimSpace(rec[2]), RefID: ref}, ""
}

// positive parses a whole number above zero that fits in an int64.
func positive(name, text string) (int64, string) {
	text = strings.TrimSpace(text)
	n, err := strconv.ParseInt(text, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("%s %q is too large", name, text)
	case err != nil:
		return 0, fmt.Sprintf("%s %q is not a whole number", name, text)
	case n <= 0:
		return 0, fmt.Sprintf("%s %d is not positive", name, n)
	}
	return n, ""
}

func badRows(path string, problems []string) error {
	var b strings.Builder
	noun := "bad rows"
	if len(problems) == 1 {
		noun = "bad row"
	}
	fmt.Fprintf(&b, "%s: %d %s, nothing was sent:", path, len(problems), noun)
	for i, p := range problems {
		if i == maxProblems {
			fmt.Fprintf(&b, "\n  ... and %d more", len(problems)-maxProblems)
			break
		}
		b.WriteString("\n  " + p)
	}
	return errors.New(b.String())
}
