drop table organisation_month_demand;
drop table project_demand_totals;
