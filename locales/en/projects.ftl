# The project pages: overview, project form, pipeline, structure tabs (work packages, tasks, milestones, deliverables), data quality; the project domain's field errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The project overview

overview-title = { $code } · Projects
overview-owner = Owner (POO)
overview-edit = Edit
overview-work-packages = Work packages
overview-tasks = Tasks
overview-milestones = Milestones
overview-deliverables = Deliverables
overview-capacity-demand = Capacity demand
overview-team = Team
overview-role-demand = Role demand
overview-history = History
overview-download-ods = Download as ODS
overview-locked = This project is locked.
overview-locked-by-state = This project's lifecycle state locks it.
overview-only-super-admins = Only super-admins may change it.
overview-runs = Runs
# $start and $end are months, $months a number.
overview-runs-value = { $start } – { $end } ({ $months } { $months ->
    [one] month
   *[other] months
    })
overview-hours-per-pm = Hours per PM
overview-hours-value = { $hours } hours per PM
overview-system-default = the system default

## Hours per PM over time (the overview's rates)

rate-heading = Hours per PM over time
# $default: "160 hours per PM" or "the system default".
rate-intro = From its month on, a rate here replaces the project default ({ $default }) until the next rate. A rate for an employee group applies to that group's people and comes before the rates for everyone.
rate-applies-to = Applies to
rate-from = From
rate-from-month = From month
rate-hours = Hours per PM
rate-everyone = Everyone
rate-add = Add a rate
rate-month-invalid = Enter the month the rate applies from as YYYY-MM.
rate-choose-group = Choose an employee group from the list.
rate-exists = There is a rate from { $month } for { $group } already: delete it first.
rate-exists-everyone = There is a rate from { $month } for everyone already: delete it first.
# $reason: why the rate was refused.
rate-refused = { $reason } Nothing was changed.
rate-what = the rate from { $month } of { $code }
rate-open-latest = Open the latest rates

## The project form (new and edit) and its field errors

project-edit-heading = Edit { $code }
project-code = Code
project-code-hint = The acronym, e.g. EXAMPLE-P
project-name = Name
project-start = Start month
project-start-hint = YYYY-MM: the month of M1
project-duration = Duration (months)
project-hours-per-pm = Hours per PM (default for this project)
project-hours-per-pm-hint = Empty: the system rate applies
project-description = Description
project-poo = Owner organisation (POO)
project-none-yet = — none yet —
project-lifecycle = Lifecycle state
project-save = Save
project-create = Create the project
project-cancel = Cancel
project-stale = Someone saved this project after you opened the form, so nothing was saved.
project-stale-open = Open the latest version
project-stale-again = and make your change again.
project-code-empty = Enter the project code (its acronym).
project-code-shape = Use letters, digits, '.', '_' or '-', at most { $max }.
project-code-taken = The code { $code } is taken: choose another.
project-name-empty = Enter the project's name.
project-start-invalid = Enter the start month as YYYY-MM, e.g. 2026-01.
project-duration-invalid = Enter the duration in months, from 1 to { $max }.
project-choose-organisation = Choose an existing organisation.
project-own-organisations = You can only place projects under your own organisations.
project-choose-partners = Choose existing organisations.
project-choose-lifecycle = Choose a lifecycle state.
project-may-not-change = You may not change this project.
# Refusals of the projects list's and the grids' address parameters.
project-filter-month = The filter '{ $name }' must be a month such as 2026-03 (got "{ $value }").
project-filter-organisation = Unknown organisation filter.
project-unit-unknown = Unknown unit "{ $unit }": use pm or hours.

## The pipeline

pipeline-title = Pipeline
pipeline-intro = Projects in a sales-pipeline state, with their estimated effort (EST) and start month.
pipeline-none = No project is in the pipeline.
# $pm: the group's total EST PM, already written as the language writes numbers.
pipeline-group-summary = ({ $count } { $count ->
    [one] project
   *[other] projects
    }, { $pm } PM)

## The structure tabs: work packages, tasks, milestones, deliverables

structure-tabs = Project
structure-tab-overview = Overview
structure-tab-capacity = Capacity
structure-months-note = Months are project months M1–M{ $duration }.
structure-read-only = Read-only: { $reason }
structure-col-wp = WP
structure-col-number = Number
structure-col-name = Name
structure-col-begin = Begin
structure-col-end = End
structure-col-due = Due
structure-col-type = Type
structure-col-dissemination = Dissemination
structure-col-role = Role
structure-col-lead = Lead
structure-field-wp = Work package
structure-field-begin = Begin month
structure-field-end = End month
structure-field-due = Due month
structure-field-lead = Lead organisation
# The heading of the lead organisation in a tab's CSV/ODS download.
structure-download-lead = Lead org
structure-save = Save
structure-delete = Delete
structure-add = Add
# A refused row's error under it: the column's label and the sentence.
structure-row-error = { $field }: { $sentence }
structure-month-outside = M{ $month } is outside the project's months M1–M{ $duration }.
structure-end-before-begin = The end (M{ $end }) is before the begin (M{ $begin }).
structure-begin-missing = Enter the first project month, e.g. 1.
structure-end-missing = Enter the last project month, e.g. 12.
structure-due-missing = Enter the due project month, e.g. 12.
structure-choose-wp = Choose the work package.
structure-choose-from-list = Choose one of the list.

wp-title = work packages
wp-what = WP { $number } of { $code }
wp-open-latest = Open the latest work packages
wp-label = WP { $number } { $name }
wp-task-count = { $count } { $count ->
    [one] task
   *[other] tasks
    }
wp-number-invalid = Enter the work package number, 1 to 999.
wp-number-taken = WP { $number } exists already in this project.
wp-name-empty = Enter the work package's name.
wp-has-tasks = WP { $number } still has { $count } { $count ->
    [one] task
   *[other] tasks
    }: delete or move them first.

task-title = tasks
task-what = task { $number } of { $code }
task-open-latest = Open the latest tasks
task-demand-cells = { $count } { $count ->
    [one] demand cell
   *[other] demand cells
    }
task-number-invalid = Number the task <WP>.<n> within WP { $wp }, e.g. { $wp }.1.
task-number-taken = Task { $number } exists already in this project.
task-name-empty = Enter the task's name.

milestone-title = milestones
milestone-what = milestone { $number } of { $code }
milestone-open-latest = Open the latest milestones
milestone-number-invalid = Number the milestone MS<n>, e.g. MS3.
milestone-number-taken = { $number } exists already in this project.
milestone-name-empty = Enter the milestone's name.
milestone-choose-wp = Choose a work package of this project, or none.

deliverable-title = deliverables
deliverable-what = deliverable { $number } of { $code }
deliverable-open-latest = Open the latest deliverables
deliverable-number-invalid = Number the deliverable D<WP>.<n> within WP { $wp }, e.g. D{ $wp }.1.
deliverable-number-taken = { $number } exists already in this project.
deliverable-name-empty = Enter the deliverable's name.

## Data quality (its page, the overview's section and the rules' sentences)

quality-title = Data quality
quality-none = No problems found.
quality-none-visible = No problems found in the projects you can see.
quality-count = { $count } { $count ->
    [one] problem
   *[other] problems
    } in the projects you can see.
quality-project = Project
quality-problem = Problem
quality-fix = Fix
quality-no-poo = The project has no owner organisation (POO).
quality-no-lifecycle = The project has no lifecycle state.
quality-wp-outside = WP { $number } runs M{ $begin }–M{ $end }, outside the project's M1–M{ $duration }.
quality-wp-no-tasks = WP { $number } has no tasks.
quality-task-outside = Task { $number } runs M{ $begin }–M{ $end }, outside the project's M1–M{ $duration }.
quality-milestone-outside = Milestone { $number } is due in M{ $due }, outside the project's M1–M{ $duration }.
quality-deliverable-outside = Deliverable { $number } is due in M{ $due }, outside the project's M1–M{ $duration }.
quality-deliverable-no-type = Deliverable { $number } has no type.
quality-deliverable-no-level = Deliverable { $number } has no dissemination level.
# $series is a series code (PROJPLAN, EST, ACTUAL), $org an organisation's short name.
quality-demand-outside = { $series } demand of { $org } for task { $task } in M{ $month }, outside the task's M{ $begin }–M{ $end }.
quality-demand-negative = { $series } demand of { $org } for task { $task } in M{ $month } is negative ({ $pm } PM).
quality-demand-absurd = { $series } demand of { $org } for task { $task } in M{ $month } is { $pm } PM: more than { $max } PM in one month is surely a typing error.
