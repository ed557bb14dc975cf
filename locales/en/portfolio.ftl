# Portfolio, capacity requests, share links, audit log, help pages, the conflict page.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The portfolio (/portfolio)

portfolio-title = Portfolio
portfolio-heading = Portfolio capacity
portfolio-all-organisations = All organisations
portfolio-role = Role
portfolio-any-role = Any role
portfolio-from = From
portfolio-months = Months
portfolio-under-threshold = Under-allocated below
portfolio-show = Show
portfolio-intro = { $scope }: person-months per month. Capacity counts each visible person's working days, hours and FTE; allocated is what their assignments take; EST demand is what visible projects (except rejected ones) plan for the organisation; the gap is capacity − EST demand. An organisation's figures include its child organisations. The role filter keeps the people who hold that role in an assignment; EST demand is not planned per role, so it stays as it is.
portfolio-heatmap = Organisations by month
portfolio-heat-intro = Allocated is coloured by its share of capacity:
portfolio-heat-over = over 100 %
portfolio-heat-under = below { $percent } %
portfolio-heat-gap = a negative gap is red.
portfolio-no-organisations = No organisations to show.
portfolio-people = { $count } { $count ->
    [one] person
   *[other] people
    }
portfolio-capacity = Capacity
portfolio-allocated = Allocated
portfolio-est-demand = EST demand
portfolio-gap = Gap
portfolio-share-of-capacity = { $percent } % of capacity
portfolio-no-capacity = no capacity
portfolio-demand-exceeds = EST demand exceeds capacity
portfolio-person = Person
portfolio-period = Period
portfolio-projects = Projects
portfolio-over-heading = Over-allocated people
portfolio-over-intro = Allocated above 100 % of their capacity in at least one month. Open a project's team to change the allocation.
portfolio-over-more = Showing the { $shown } most over-allocated of { $total }; choose an organisation to see the others.
portfolio-over-none = Nobody is over-allocated in these months.
portfolio-under-heading = Under-allocated people
portfolio-under-intro = Allocated below { $percent } % of their capacity over the whole period.
portfolio-under-more = Showing the { $shown } least allocated of { $total }; choose an organisation to see the others.
portfolio-under-none = Nobody is under-allocated in these months.
portfolio-bad-organisation = “{ $value }” is not an organisation.
portfolio-bad-role = “{ $value }” is not a role.
portfolio-bad-months = “{ $value }” months: choose 3, 6, 12 or 24.
portfolio-bad-under = “{ $value }” is not a threshold: use a whole percentage from 0 to 100.
# The download's header row and measures.
portfolio-csv-organisation = Organisation
portfolio-csv-people = People
portfolio-csv-measure = Measure
portfolio-csv-capacity = Capacity PM
portfolio-csv-allocated = Allocated PM
portfolio-csv-est-demand = EST demand PM
portfolio-csv-gap = Gap PM

## The portfolio's chart

chart-aria = Capacity, allocation and EST demand per month
chart-capacity = Capacity
chart-allocated = Allocated
chart-est-demand = EST demand
chart-unit = PM per month
chart-bar-title = { $month }: capacity { $capacity }, allocated { $allocated }, EST demand { $demand } PM
