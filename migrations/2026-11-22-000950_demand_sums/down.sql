drop trigger capacity_demand_sums_update on capacity_demand;
drop trigger capacity_demand_sums_delete on capacity_demand;
drop trigger capacity_demand_sums_insert on capacity_demand;
drop function app.capacity_demand_sums();
drop table organisation_month_demand;
drop table project_demand_totals;
