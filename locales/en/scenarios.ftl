# Tentative work, the three readings of the plan, and what-if scenarios (docs/scenarios.md).
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The readings

reading-confirmed = Confirmed only
reading-tentative = Confirmed + tentative
reading-weighted = Weighted by win probability

## Refusals

policy-no-role = You have no role in Rediflow: ask an administrator for one.
policy-scenario-not-yours = Only the scenario's owner may change it; it is shared with you to read.
scenario-bad-shift = Move the start by 1 to { $max } months, later or earlier.
scenario-bad-duration = Give the duration in months between 1 and 600.
scenario-bad-scale = Scale the demand by 0 to { $max } %.
scenario-bad-assignment = Give an allocation of 0–100 % and an end month that is not before the start month.
scenario-bad-allocation = Give between 0 and 5 PM for one month, or leave the cell empty.
scenario-bad-placeholder = Give the PM per month (more than 0) and an end month that is not before the start month.
team-bad-status = Choose confirmed or tentative (not “{ $value }”).
reading-bad = Choose how to read the plan: confirmed, tentative or weighted (not “{ $value }”).

## Compare

scenario-change-later = starts { $months } months later
scenario-change-earlier = starts { $months } months earlier
scenario-change-duration = lasts { $months } months
scenario-change-scale = EST demand scaled to { $percent } %
scenario-change-won = won
scenario-change-lost = lost
scenario-change-add = a new assignment of { $percent } % from { $first } to { $last }
scenario-change-add-tentative = a new tentative assignment of { $percent } % from { $first } to { $last }
scenario-change-assignment = an assignment changed to { $percent } % from { $first } to { $last }
scenario-change-remove = an assignment removed
scenario-change-allocation = { $pm } PM allocated in { $month }
scenario-change-allocation-derived = the allocation in { $month } derived from capacity again
scenario-change-placeholder = { $pm } PM per month of demand for a role from { $first } to { $last }
compare-title = Compare: { $name }
compare-heading = { $name } beside the live plan
compare-intro = The live plan and the plan with this scenario's changes, as you may see them. Nothing here changes the live plan.
compare-back = Back to the scenario
compare-back-to-compare = Back to comparing { $name }
compare-reading = Reading
compare-changes-heading = The scenario's changes
compare-changes-none = The scenario changes nothing you can see.
compare-outdated = the live plan has changed since
compare-people-heading = People whose allocation the scenario changes
compare-people-intro = People who become over- or under-allocated, or stop being so; per month, their utilisation live → in the scenario.
compare-people-none = The scenario moves nobody into or out of over- or under-allocation in these months.
compare-person-page = person page
compare-heatmap = Heatmap: live → scenario
compare-heat-intro = Each cell shows the live figure, the scenario's and the difference (▲ more, ▼ less in the scenario), in PM; a cell the scenario leaves as it is shows one figure.
compare-more = { $value } more in the scenario
compare-less = { $value } less in the scenario
compare-same = the same in the scenario
compare-live = Live
compare-scenario = Scenario
compare-band-over = over-allocated
compare-band-over-if-tentative = over with tentative work
compare-band-under = under-allocated
compare-band-healthy = within capacity
compare-tentative = tentative
compare-confirmed = confirmed
compare-csv-month = Month
compare-csv-live-capacity = Live capacity PM
compare-csv-scenario-capacity = Scenario capacity PM
compare-csv-capacity-difference = Capacity difference PM
compare-csv-live-allocated = Live allocated PM
compare-csv-scenario-allocated = Scenario allocated PM
compare-csv-allocated-difference = Allocated difference PM
compare-csv-live-demand = Live EST demand PM
compare-csv-scenario-demand = Scenario EST demand PM
compare-csv-demand-difference = EST demand difference PM
compare-csv-live-gap = Live gap PM
compare-csv-scenario-gap = Scenario gap PM
compare-csv-gap-difference = Gap difference PM
compare-csv-live-band = Live
compare-csv-scenario-band = Scenario
compare-csv-live-utilisation = Live utilisation %
compare-csv-scenario-utilisation = Scenario utilisation %
compare-person-title = { $person } in { $name }
compare-person-heading = { $person }: live plan and { $name }
compare-person-months = Months
compare-allocated-beside = Allocated PM (live → scenario)
compare-person-assignments = Assignments
compare-person-no-assignments = No assignments in these months, live or in the scenario.
compare-project = Project
compare-what = In the scenario
compare-assignment-added = added
compare-assignment-removed = removed
compare-assignment-changed = changed
compare-assignment-same = unchanged
help-compare-heading = Comparing a scenario with the live plan
help-compare-text = A scenario’s Compare view shows the portfolio’s heatmap twice over: for each organisation and month, the live figure, the figure with the scenario’s changes and the difference (▲ more, ▼ less in the scenario). Above it are the people the scenario makes over- or under-allocated, or who stop being so, with their utilisation per month live → in the scenario, and the scenario’s changes in words. Choose the organisation, role, months and reading as on the portfolio; CSV and ODS downloads have the same figures. Nothing you see there changes the live plan.
help-compare-person = Follow a person’s name to see their months and assignments beside the scenario: capacity, what is allocated live and in the scenario, their utilisation and band, and which assignments the scenario adds, changes or removes. You see only what you may see of the live plan: changes to projects hidden from you are left out.
compare-over-heading = Over-allocated in the scenario
compare-over-intro = People whose confirmed work exceeds their capacity in some month with the scenario’s changes; per month, their utilisation in the scenario.
compare-over-none = Nobody is over-allocated in the scenario in these months.
