# The spreadsheet import (page, CLI and their problems) and the view downloads' shared words.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.
