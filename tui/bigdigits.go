package tui

// The digits a client grades with, drawn large with block characters so
// that they read from a distance: five rows, five columns each.
const bigHeight = 5

var bigDigits = [10][bigHeight]string{
	{"█████", "█   █", "█   █", "█   █", "█████"},
	{"  ██ ", " ███ ", "  ██ ", "  ██ ", " ████"},
	{"█████", "    █", "█████", "█    ", "█████"},
	{"█████", "    █", " ████", "    █", "█████"},
	{"█   █", "█   █", "█████", "    █", "    █"},
	{"█████", "█    ", "█████", "    █", "█████"},
	{"█████", "█    ", "█████", "█   █", "█████"},
	{"█████", "    █", "   █ ", "  █  ", "  █  "},
	{"█████", "█   █", "█████", "█   █", "█████"},
	{"█████", "█   █", "█████", "    █", "█████"},
}

// bigDigit is the large form of the digit d ('0' to '9').
func bigDigit(d byte) [bigHeight]string {
	if d < '0' || d > '9' {
		return [bigHeight]string{}
	}
	return bigDigits[d-'0']
}
