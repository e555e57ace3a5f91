package fence

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseLines(t *testing.T) {
	tests := []struct {
		v     string
		lines int
		want  Lines
		err   string
	}{
		{"2", 5, Lines{{2, 2}}, ""},
		{"2-4", 5, Lines{{2, 4}}, ""},
		{"1,3-5", 5, Lines{{1, 1}, {3, 5}}, ""},
		{" 1 , 3 - 4 ", 5, Lines{{1, 1}, {3, 4}}, ""},
		{"", 5, nil, "needs a value"},
		{"x", 5, nil, `"x" is not a line number or a range`},
		{"2-", 5, nil, `"2-" is not a line number or a range`},
		{"1,,2", 5, nil, `"" is not a line number or a range`},
		{"4-2", 5, nil, `range "4-2" runs backwards`},
		{"0", 5, nil, `"0": lines count from 1`},
		{"0-2", 5, nil, `"0-2": lines count from 1`},
		{"3-9", 5, nil, `range "3-9" runs past the end of the block, which has 5 lines`},
		{"7", 5, nil, "line 7 is past the end of the block, which has 5 lines"},
		{"2", 1, nil, "line 2 is past the end of the block, which has 1 line"},
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			got, err := ParseLines(tt.v, tt.lines)
			if tt.err == "" {
				require.Nil(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			require.NotNil(t, err)
			assert.Equal(t, tt.err, err.Msg)
			assert.Contains(t, err.Hint, `hl="`, "the hint says what to write")
		})
	}
}

func TestLines(t *testing.T) {
	l := Lines{{1, 1}, {3, 5}}
	for line, want := range map[int]bool{0: false, 1: true, 2: false, 3: true, 5: true, 6: false} {
		assert.Equal(t, want, l.Has(line), "line %d", line)
	}
	assert.Equal(t, "1 and 3–5", l.String())
	assert.Equal(t, "2–4", Lines{{2, 4}}.String())
	assert.Equal(t, "1, 2 and 7", Lines{{1, 1}, {2, 2}, {7, 7}}.String())
}

func TestParseDisplay(t *testing.T) {
	info, err := Parse(`yaml {title=" pipeline.yml " hl="1-2" tab=YAML sample=x}`)
	require.NoError(t, err)
	d, errs := ParseDisplay(info.Attrs, 3)
	assert.Empty(t, errs)
	assert.Equal(t, Display{Title: "pipeline.yml", Tab: "YAML", Lines: Lines{{1, 2}}}, d)

	info, err = Parse(`yaml {title="" tab=" " hl=9}`)
	require.NoError(t, err)
	_, errs = ParseDisplay(info.Attrs, 3)
	require.Len(t, errs, 3)
	assert.Equal(t, "fence attribute title: needs a value", errs[0].Error())
	assert.Equal(t, "tab", errs[1].Key)
	assert.Contains(t, errs[1].Hint, `tab="curl"`)
	assert.Equal(t, "hl", errs[2].Key)
	for _, k := range DisplayAttrs {
		assert.True(t, IsDisplayAttr(k))
	}
	assert.False(t, IsDisplayAttr("sample"))
}
