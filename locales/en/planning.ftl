# Planning: the capacity grid (PROJPLAN, EST, ACTUAL), role demand, the team tab and its staffing, the Policy's refusals, month and decimal input errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The capacity grid (/projects/{id}/capacity)

grid-page-title = { $code } capacity
grid-heading = { $code } — { $name }: capacity demand
grid-series = Series
grid-unit-hours = Hours
series-projplan-description = the plan as contracted
series-est-description = the current estimate
series-actual-description = booked effort
grid-series-is = { $series } is { $description }.
grid-hours-explained = Hours are PM × the month's divisor (project rate, project default, system rate or server default).
grid-pm-explained = Values are person-months (PM).
grid-read-only = Read-only: { $reason }
grid-hours-read-only = Hours are shown for reading; switch to PM to edit.
grid-nothing-saved-heading = Nothing was saved
grid-chart-label = PROJPLAN, EST and ACTUAL per month
grid-chart-pm = total per month in PM
grid-chart-hours = total per month in hours
grid-request-capacity = Request capacity from another organisation
grid-requests-of = Capacity requests of { $code }
grid-caption = { $series } per task, organisation and month
grid-column-wp = WP
grid-column-task = Task
grid-column-task-name = Task name
grid-column-organisation = Organisation
grid-column-month = Month
grid-wp-header = WP { $number } — { $name }
grid-save = Save changes
grid-save-hint = Only changed cells are written. Empty means 0. Grey months lie before the current month and are history: only super-admins may change them.
grid-add-row-task = Add a row: task
grid-add-row-org = organisation
grid-add-row = Add row
grid-add-row-hint = Save your changes first: adding a row reloads the grid.
grid-saved = Saved { $count } changed { $count ->
    [one] cell
   *[other] cells
    }.
grid-conflict-message = Nothing of yours was saved: the plan changed after you opened it. Compare, then open the latest plan and enter your changes again.
grid-conflict-latest = Open the latest { $series } plan
series-unknown = Unknown series "{ $series }": use PROJPLAN, EST or ACTUAL.
series-missing = The form names no series.
grid-no-version = The form has no project version.
grid-unknown-row = The form names a task or organisation that is not in this project.
grid-month-outside = Month { $month } is outside the project.
grid-nothing-saved = Nothing was saved.
# A refused cell: its name, then why ("Task 1.1 / ORG, M3: "abc" is not a number").
grid-cell-refused = { $cell }: { $reason }
grid-cell-name = Task { $task } / { $org }, M{ $month }

## The conflict page (a save that met someone else's change first)

conflict-you-saw = You saw
conflict-saved-now = Saved now
conflict-you-wanted = You wanted
conflict-you-typed = You typed
conflict-field = Field
conflict-plan-heading = Someone else saved { $code } first
conflict-heading = Someone else changed { $what } first
conflict-edit-message = Nothing of yours was saved: { $what } changed after you opened the form. Compare, then open the latest version and enter your changes again.
conflict-delete-message = Nothing was deleted: { $what } changed after you opened the page. Look at the latest version before you decide again.
conflict-no-version = The form does not say which version of the record it showed, so nothing was changed: open the page again and make the change there.
conflict-marked = Marked: changed by someone else after you opened the page.
conflict-changed = (changed)
conflict-yes = yes
conflict-no = no

## Numbers and months typed into grids and forms

input-not-a-number = "{ $text }" is not a number
input-not-a-number-sentence = "{ $text }" is not a number.
input-number-exponent = "{ $text }" has an exponent: write the number out in digits
input-number-exponent-sentence = "{ $text }" has an exponent: write the number out in digits.
input-number-too-long = a number longer than { $max } characters is not accepted
input-number-too-long-sentence = A number longer than { $max } characters is not accepted.
input-pm-negative = { $text } is negative: person-months cannot be below 0
input-pm-too-large = { $text } is too large (at most { $max } PM)
input-percent-refused = "{ $text }" is not a percentage from 0 to { $max }.
input-hours-per-pm = Enter the hours per PM, above 0 and at most { $max }.
input-hours-per-pm-optional = Enter hours per PM above 0 and at most { $max }, or leave it empty.
input-not-a-month = “{ $text }” is not a month: use YYYY-MM.
input-not-a-month-field = "{ $text }" is not a month (YYYY-MM).

## The Policy's refusals

policy-read-only = You have read-only access: ask an administrator for the editor role.
policy-project-locked = This project is locked; only super-admins may change it.
policy-lifecycle-locked = This project is in the lifecycle state "{ $state }", which locks it; only super-admins may change it.
policy-month-past = { $month } is in the past; only super-admins may change past months.
policy-months-past = { $months } are in the past; only super-admins may change past months.
policy-month = { $month }
policy-month-span = { $first } to { $last }
policy-month-list = { $before }, { $next }
