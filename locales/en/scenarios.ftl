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

## Readings and tentative work

reading-label = Read the plan as
reading-shown = Figures read as: { $reading }.
reading-tentative-part = ({ $pm } tentative)
reading-chart-tentative = (of which { $pm } PM tentative)
reading-chart-key = Tentative (hatched)
reading-csv-reading = Reading
reading-csv-allocated-tentative = Allocated tentative PM
reading-csv-demand-tentative = EST demand tentative PM
reading-csv-risky-months = Months at risk
reading-bad-list = There is no list “{ $value }” to download; leave it out for the heatmap or ask for at-risk.
reading-over-confirmed = Only confirmed work counts here.
reading-at-risk-heading = At risk: over-allocated if tentative work happens
reading-at-risk-intro = Not over-allocated by confirmed work, but tentative work would take them above 100 % of their capacity in the marked months.
reading-at-risk-none = Tentative work takes nobody over capacity in these months.
reading-at-risk-more = Showing the { $shown } most at risk of { $total }; choose an organisation to see the others.
reading-at-risk-month = Over-allocated if tentative work happens
reading-probability-field = Win probability (%)
reading-probability-hint = Empty: the state's default ({ $defaults })
reading-probability-default = { $percent } % (the state's default)
reading-probability-own = { $percent } %
reading-column-probability = Win probability %
reading-bad-probability = Give the win probability as a whole percent from 0 to 100 (not “{ $value }”), or leave it empty for the state's default.
reading-probability-of = Default win probability of { $code } (%)
team-column-status = Status
team-status-confirmed = Confirmed
team-status-tentative = Tentative
team-status-tentative-marker = tentative
team-status-of = Status of { $person }'s assignment
reading-at-risk-tag = at risk
reading-help-heading = Probability, tentative work and the three readings
reading-help-probability = A project in a pipeline state (idea, proposal, submitted) has a win probability: its own, set on the project form, or its lifecycle state's default, set on the Settings page (idea 10 %, proposal 30 %, submitted 50 % unless changed).
reading-help-tentative = An assignment is confirmed or tentative (its Status on the Team tab). On a pipeline project a new assignment is tentative unless you choose Confirmed. A pipeline project's EST demand counts as tentative too.
reading-help-readings = The portfolio, the person pages and My allocations read the plan one of three ways: confirmed only; confirmed + tentative (everything, the default); or weighted (tentative work times its project's win probability). Choose one with the “Read the plan as” selector: your choice is remembered for your next visit.
reading-help-marks = Tentative figures are named in the tables (“0.5 tentative”), hatched in the portfolio chart and given their own columns in downloads. Over-allocation counts confirmed work only; a month where tentative work would push a person over is marked “at risk” and listed apart on the portfolio.
