drop table personal_access_tokens;
do $$
declare
    t text;
begin
    foreach t in array array[
        'assignments', 'work_packages', 'tasks', 'milestones', 'deliverables',
        'project_hour_rates', 'project_group_hour_rates',
        'persons', 'employee_group_memberships', 'fte_periods', 'leaves',
        'organisations', 'employee_groups', 'employee_group_hours', 'leave_types',
        'role_types', 'deliverable_types', 'dissemination_levels', 'allocation_groups',
        'lifecycle_states', 'system_hour_rates', 'calendars', 'holidays',
        'capacity_demand', 'allocation_overrides', 'capacity_requests', 'project_partners'
    ] loop
        execute format('alter table %I drop column modified_at', t);
    end loop;
end $$;
