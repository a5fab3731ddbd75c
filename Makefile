# Techfile: the two commands of the README.
#   make run   installs what is missing, builds, opens the bundled example in
#              the desktop app (with no display: exports it to out/).
#   make test  installs what is missing and runs every check and test.
.PHONY: run test deps ui

run:
	scripts/run-desktop.sh

test:
	scripts/test-all.sh

deps:
	scripts/install-deps.sh

ui: deps
	npm --prefix ui run build
