package testenv_test

import (
	"os"
	"testing"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }
