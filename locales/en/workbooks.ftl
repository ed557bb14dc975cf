# The spreadsheet import (page, CLI and their problems) and the view downloads' shared words.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## Import page (/import)

import-title = Import
import-heading = Import a spreadsheet
import-not-imported = { $file } was not imported
import-refused-intro = Nothing was changed. The file changes what only a super-admin may change:
import-problems-intro = { $count ->
    [one] Nothing was changed. Fix this problem in the file and upload it again:
   *[other] Nothing was changed. Fix these { $count } problems in the file and upload it again:
    }
import-done-heading = Imported { $file } ({ $subject })
import-preview-heading = What importing { $file } ({ $subject }) would change
import-col-what = What
import-col-created = Created
import-col-updated = Updated
import-col-deleted = Deleted
import-new-lookups = New lookup values: { $values }.
import-nothing-yet = Nothing has been written yet.
import-confirm-button = Import { $file }
import-cancel = Cancel
import-kind-legend = What the file holds
import-kind-project = A project (sheets Project, Organisations, Work packages, …)
import-kind-people = People (sheets Employee groups, Persons, Project assignments, …)
import-file-label = Spreadsheet (.ods or .xlsx)
import-hint = The file is checked and you see what would change before anything is written. The layout is described in the operator documentation (docs/ods-format.md).
import-check-button = Check the file
import-admins-only = Only administrators may import spreadsheets.
import-not-waiting = This import is not waiting any more: upload the file again.
import-subject-people = people

## What an import changes (the page's table and the CLI's summary)

import-changes = { $created } created, { $updated } updated, { $deleted } deleted
import-kind-organisations = organisations
import-kind-projects = projects
import-kind-partners = partners
import-kind-work-packages = work packages
import-kind-tasks = tasks
import-kind-milestones = milestones
import-kind-deliverables = deliverables
import-kind-est-cells = EST demand cells
import-kind-projplan-cells = PROJPLAN demand cells
import-kind-other-cells = other demand cells of deleted tasks
import-kind-employee-groups = employee groups
import-kind-daily-hours = daily hours
import-kind-leave-types = leave types
import-kind-persons = persons
import-kind-group-memberships = group memberships
import-kind-leave = leave
import-kind-assignments = assignments
import-lookup-role-type = role type "{ $name }"
import-lookup-deliverable-type = deliverable type "{ $name }"
import-lookup-dissemination-level = dissemination level "{ $name }"
import-step-reading = reading { $file }
import-step-checking = checking { $file }
import-step-writing = writing { $file }
import-step-writing-people = writing people

## The upload (the import page's form)

upload-unreadable = The upload could not be read: { $detail }
upload-too-many-parts = The upload has more than { $max } parts; send the form as the page does.
upload-file-too-large = The file is larger than { $mb } MB.
upload-field-too-long = The field "{ $field }" of the upload is longer than { $max } bytes.
upload-choose-file = Choose a .ods or .xlsx file to import.
upload-file-name-too-long = The file's name is longer than { $max } characters: rename it and upload it again.
upload-sign-in-first = An import waits for its uploader; sign in first.

## The problems of a workbook: where (file: sheet, row, column) and what

sheet-place-sheet = sheet '{ $sheet }'
sheet-place-row = row { $row }
sheet-place-column = column '{ $column }'
sheet-file-unreadable = is not a readable spreadsheet (an .ods or .xlsx file that is not password-protected or damaged): { $detail }
sheet-file-format = only .ods and .xlsx files can be imported
sheet-missing = the sheet is missing
sheet-empty = the sheet is empty: the first row must hold the column headers
sheet-column-missing = the column '{ $column }' is missing
sheet-row-missing = the row '{ $row }' is missing
sheet-cell-empty = is empty
sheet-cell-not-whole = "{ $text }" is not a whole number
sheet-cell-not-number = "{ $text }" is not a number
sheet-cell-exponent = "{ $text }" has an exponent: write the number out in digits
sheet-cell-number-too-long = a number longer than { $max } characters is not accepted
sheet-cell-invalid-date = is not a valid date
sheet-cell-not-date = { $text } is not a date
sheet-cell-not-iso-date = "{ $text }" is not a date (write it as YYYY-MM-DD)
sheet-cell-not-month = "{ $text }" is not a month (write it as YYYY-MM)
import-file-unreadable = cannot be read: { $detail }
import-code-in-two-files = the project code { $code } is also in { $other }
import-changed-meanwhile = the organisations, projects or lookups it refers to changed while it was checked: nothing was imported, import it again
import-refused-project = project { $project }: { $why }
import-month-column-outside = the column '{ $column }' is outside the project's months (1 to { $duration })
import-unknown-task = unknown task "{ $task }"
import-unknown-organisation = unknown organisation "{ $org }"
import-unknown-work-package = unknown work package { $wp }
import-unknown-employee-group = unknown employee group "{ $group }" (not in the sheet '{ $sheet }')
import-unknown-person = unknown person "{ $person }" (not in the sheet '{ $sheet }')
import-unknown-leave-type = unknown leave type "{ $kind }"
import-unknown-project = unknown project "{ $project }"
import-unknown-allocation-group = unknown allocation group "{ $group }" (one of: { $choices })
import-demand-twice = task { $task } for { $org } is listed twice
import-listed-twice = { $what } is listed twice
import-what-wp = WP { $number }
import-what-task = task { $number }
import-text-listed-twice = "{ $text }" is listed twice
import-group-hours-twice = { $group } from { $from } is listed twice
import-assignment-twice = { $person } on { $project } from { $start } is listed twice
import-number-too-large = { $value } is too large
import-row-empty = { $row } is empty
import-choose-lifecycle = Choose a lifecycle state. One of: { $choices }.
import-short-name-invalid = "{ $short }" may only use letters, digits, '.', '_' or '-', starting with a letter or digit
import-country-invalid = "{ $country }" is not a two-letter country code such as FI
import-org-role-invalid = "{ $role }" must be POO, Partner, or empty for an organisation listed only as a parent
import-parent-cycle = "{ $org }" would be its own ancestor (a parent cycle)
import-poo-mismatch = the POO row is "{ $row }" but the Project sheet names "{ $poo }"
import-poo-twice = more than one organisation has the role POO
import-end-before-start = { $end } is before the start month ({ $start })

## The limits of a workbook (hostile or damaged files)

sheet-limit-file-size = the file is larger than { $mb } MB
sheet-limit-parts = the archive has more than { $max } parts
sheet-limit-uncompressed = the uncompressed size of the file is larger than { $mb } MB
sheet-limit-ratio = the part { $part } is compressed more than { $ratio }:1, which only a zip bomb does
sheet-limit-declared = the part { $part } inflates to more than the uncompressed size its archive declares
sheet-limit-xml-piece = the part { $part } holds a piece of XML (a text or a tag) longer than { $mb } MB
sheet-limit-part-unreadable = is not a readable spreadsheet: the part { $part } cannot be read: { $detail }
sheet-limit-xml-unreadable = is not a readable spreadsheet: an attribute or a number in its XML cannot be read
sheet-limit-reference-unreadable = is not a readable spreadsheet: a cell reference cannot be read
sheet-limit-sheets = the workbook has more than { $max } sheets
sheet-limit-rows = the sheet has more than { $max } rows
sheet-limit-sheet-cells = the sheet has more than { $max } cells (counted from column A and the first filled row to the last filled row and column)
sheet-limit-workbook-cells = the sheets have more than { $max } cells together
sheet-limit-text = the cells hold more than { $mb } MB of text together
sheet-limit-cell-chars = a cell is longer than { $max } characters
sheet-limit-shared-string-chars = a text of the shared strings table is longer than { $max } characters
sheet-limit-shared-strings = the shared strings table has more than { $max } texts

## The command line (rediflow import-project, import-people, seed-examples)

cli-dry-run-note = (dry run: nothing was written)
cli-lookup-created = created { $lookup }
cli-lookup-create = create { $lookup }
cli-problems-found = { $count ->
    [one] 1 problem found; nothing was imported
   *[other] { $count } problems found; nothing was imported
    }
cli-changes-refused = { $count ->
    [one] 1 change refused; nothing was imported (add --super-admin to make it as a super-admin)
   *[other] { $count } changes refused; nothing was imported (add --super-admin to make them as a super-admin)
    }
cli-import-rolled-back = the import failed and was rolled back: { $detail }
cli-total-projects = Total: { $changes } ({ $files ->
        [one] 1 file
       *[other] { $files } files
    }, { $seconds } s){ $dry ->
        [yes] , dry run
       *[no] {""}
    }
cli-total-people = Total: { $changes }{ $dry ->
        [yes] , dry run
       *[no] {""}
    }
cli-seed-imported = The examples are imported.
cli-seed-not-over = The database holds { $projects ->
        [one] 1 project
       *[other] { $projects } projects
    } and { $persons ->
        [one] 1 person
       *[other] { $persons } persons
    }: the examples are not imported over them.
cli-seed-not-checked = { $file }: could not be checked: { $detail }
cli-seed-nothing-changed = Nothing was changed.
cli-seed-nothing-changed-force = Nothing was changed. `make seed FORCE=1` (rediflow seed-examples --force) overwrites them with the files.
cli-as-in-database = { $file }  { $subject }: as in the database
cli-would-change = { $file }  { $subject }: importing it would change

## Forms, addresses and downloads: malformed requests (every page)

form-too-large = The form is too large.
form-unreadable = The form could not be read: { $detail }
form-query-invalid = The address has an invalid parameter: { $detail }
form-too-many-fields = The form has { $fields } fields, more than the { $max } accepted, so nothing was changed.
form-field-nul = The field "{ $field }" contains a NUL character (\0), which cannot be stored. Remove it and try again; nothing was changed.
csrf-refused = This form has expired or did not come from this site, so nothing was changed. Go back, reload the page and try again.
paging-not-a-page = “{ $text }” is not a page number.
download-unknown-format = Unknown format "{ $format }": use csv or ods.

## Sign-in refusals (the answer of the sign-in service)

csrf-signin-link-used = This sign-in link is not valid any more (it was used already, or it belongs to another browser). Please sign in again.
csrf-signin-expired = The sign-in took too long and has expired. Please sign in again.
csrf-signin-provider-refused = The sign-in service did not sign you in ({ $error }). If you cancelled, you can sign in again.
csrf-signin-other-issuer = The sign-in answer came from another sign-in service, so you were not signed in.
csrf-signin-no-code = The sign-in answer has no code.
csrf-signin-unreachable = The sign-in service is unreachable right now. Please try again in a few minutes.
csrf-signin-not-confirmed = The sign-in service did not confirm your sign-in. Please try again.
csrf-signin-unverified = The sign-in answer could not be verified, so you were not signed in. Please try again.
csrf-signin-misconfigured = Sign-in is misconfigured on this server. Please tell your administrator.
