package xlsform

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTooManyRows: a workbook whose choices sheet has more rows than any
// questionnaire is refused by its sheet, read row by row rather than held
// in memory whole.
func TestTooManyRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "survey")
	f.SetSheetRow("survey", "A1", &[]any{"type", "name", "label"})
	f.SetSheetRow("survey", "A2", &[]any{"select_one l", "a", "A"})
	f.NewSheet("choices")
	sw, err := f.NewStreamWriter("choices")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"list_name", "name", "label"})
	for i := 2; i <= maxRows+10; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{"l", fmt.Sprint(i), "x"})
	}
	sw.Flush()
	var b bytes.Buffer
	f.WriteTo(&b)
	_, err = readWorkbook(b.Bytes())
	if err == nil || !strings.Contains(err.Error(), "sheet choices has more than 200000 rows") {
		t.Errorf("a workbook of %d rows: %v", maxRows+10, err)
	}
}
