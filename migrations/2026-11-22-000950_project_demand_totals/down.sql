drop trigger capacity_demand_totals_update on capacity_demand;
drop trigger capacity_demand_totals_delete on capacity_demand;
drop trigger capacity_demand_totals_insert on capacity_demand;
drop function app.demand_totals_after_update();
drop function app.demand_totals_after_delete();
drop function app.demand_totals_after_insert();
drop table project_demand_totals;
