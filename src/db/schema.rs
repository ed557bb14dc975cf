// @generated automatically by Diesel CLI.

diesel::table! {
    allocation_groups (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        sort_order -> Int4,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    allocation_overrides (id) {
        id -> Uuid,
        assignment_id -> Uuid,
        project_id -> Uuid,
        month -> Date,
        pm -> Numeric,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    assignments (id) {
        id -> Uuid,
        person_id -> Uuid,
        project_id -> Uuid,
        role_type_id -> Nullable<Uuid>,
        allocation_percent -> Numeric,
        allocation_group_id -> Uuid,
        start_month -> Date,
        end_month -> Date,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int8,
        modified_at -> Timestamptz,
        tentative -> Bool,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Uuid,
        occurred_at -> Timestamptz,
        user_id -> Nullable<Uuid>,
        actor -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Nullable<Uuid>,
        project_id -> Nullable<Uuid>,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
    }
}

diesel::table! {
    calendars (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        country_code -> Nullable<Text>,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    capacity_demand (id) {
        id -> Uuid,
        project_id -> Uuid,
        task_id -> Uuid,
        organisation_id -> Uuid,
        month -> Date,
        series -> Text,
        pm -> Numeric,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    capacity_request_lines (id) {
        id -> Uuid,
        capacity_request_id -> Uuid,
        project_id -> Uuid,
        task_id -> Uuid,
        month -> Date,
        pm -> Numeric,
    }
}

diesel::table! {
    capacity_requests (id) {
        id -> Uuid,
        project_id -> Uuid,
        requesting_org_id -> Uuid,
        receiving_org_id -> Uuid,
        state -> Text,
        message -> Text,
        response_comment -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    data_versions (singleton) {
        singleton -> Bool,
        capacity -> Uuid,
        staffing -> Uuid,
        demand -> Uuid,
        projects -> Uuid,
    }
}

diesel::table! {
    deliverable_types (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        group_id -> Nullable<Uuid>,
        sort_order -> Int4,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    deliverables (id) {
        id -> Uuid,
        project_id -> Uuid,
        work_package_id -> Uuid,
        number -> Text,
        name -> Text,
        due_month -> Int4,
        deliverable_type_id -> Nullable<Uuid>,
        dissemination_level_id -> Nullable<Uuid>,
        lead_org_id -> Nullable<Uuid>,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    dissemination_levels (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        group_id -> Nullable<Uuid>,
        sort_order -> Int4,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    employee_group_hours (id) {
        id -> Uuid,
        employee_group_id -> Uuid,
        valid_from -> Date,
        daily_hours -> Numeric,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    employee_group_memberships (id) {
        id -> Uuid,
        person_id -> Uuid,
        employee_group_id -> Uuid,
        valid_from -> Date,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    employee_groups (id) {
        id -> Uuid,
        name -> Text,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    fte_periods (id) {
        id -> Uuid,
        person_id -> Uuid,
        start_date -> Date,
        end_date -> Nullable<Date>,
        fte_percent -> Numeric,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    holidays (id) {
        id -> Uuid,
        calendar_id -> Uuid,
        day -> Date,
        name -> Text,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    leave_types (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    leaves (id) {
        id -> Uuid,
        person_id -> Uuid,
        leave_type_id -> Uuid,
        start_date -> Date,
        end_date -> Date,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    lifecycle_states (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        sort_order -> Int4,
        is_pipeline -> Bool,
        locks_project -> Bool,
        version -> Int8,
        modified_at -> Timestamptz,
        win_probability -> Int4,
    }
}

diesel::table! {
    lookup_groups (id) {
        id -> Uuid,
        kind -> Text,
        name -> Text,
        sort_order -> Int4,
    }
}

diesel::table! {
    milestones (id) {
        id -> Uuid,
        project_id -> Uuid,
        work_package_id -> Nullable<Uuid>,
        number -> Text,
        name -> Text,
        due_month -> Int4,
        role_type_id -> Nullable<Uuid>,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    organisation_month_demand (project_id, organisation_id, month, series) {
        project_id -> Uuid,
        organisation_id -> Uuid,
        month -> Date,
        series -> Text,
        pm -> Numeric,
    }
}

diesel::table! {
    organisations (id) {
        id -> Uuid,
        short_name -> Text,
        name -> Text,
        parent_id -> Nullable<Uuid>,
        country_code -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    pending_imports (id) {
        id -> Uuid,
        user_id -> Uuid,
        file_name -> Text,
        kind -> Text,
        workbook -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    persons (id) {
        id -> Uuid,
        code -> Text,
        first_name -> Text,
        last_name -> Text,
        email -> Nullable<Text>,
        organisation_id -> Uuid,
        employment_start -> Nullable<Date>,
        employment_end -> Nullable<Date>,
        user_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    project_demand_totals (project_id, series) {
        project_id -> Uuid,
        series -> Text,
        pm -> Numeric,
    }
}

diesel::table! {
    project_group_hour_rates (id) {
        id -> Uuid,
        project_id -> Uuid,
        employee_group_id -> Uuid,
        valid_from -> Date,
        hours_per_pm -> Numeric,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    project_hour_rates (id) {
        id -> Uuid,
        project_id -> Uuid,
        valid_from -> Date,
        hours_per_pm -> Numeric,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    project_partners (project_id, organisation_id) {
        project_id -> Uuid,
        organisation_id -> Uuid,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    projects (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        description -> Text,
        owner_org_id -> Nullable<Uuid>,
        lifecycle_state_id -> Nullable<Uuid>,
        start_month -> Date,
        duration_months -> Int4,
        hours_per_pm -> Nullable<Numeric>,
        locked -> Bool,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        win_probability -> Nullable<Int4>,
    }
}

diesel::table! {
    role_demand (id) {
        id -> Uuid,
        project_id -> Uuid,
        role_type_id -> Uuid,
        month -> Date,
        fte_percent -> Numeric,
    }
}

diesel::table! {
    role_types (id) {
        id -> Uuid,
        name -> Text,
        group_id -> Nullable<Uuid>,
        sort_order -> Int4,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    personal_access_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        name -> Text,
        scope -> Text,
        token_hash -> Bytea,
        hint -> Text,
        created_at -> Timestamptz,
        created_by -> Text,
        expires_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        revoked_by -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Nullable<Uuid>,
        state -> Jsonb,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
        provider_grant -> Nullable<Text>,
        provider_checked_at -> Nullable<Timestamptz>,
        provider_check_started_at -> Nullable<Timestamptz>,
        provider_failing_since -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    scenario_changes (id) {
        id -> Uuid,
        scenario_id -> Uuid,
        project_id -> Uuid,
        kind -> Text,
        change -> Jsonb,
        base_version -> Int8,
        created_at -> Timestamptz,
        position -> Int8,
    }
}

diesel::table! {
    scenario_shares (id) {
        id -> Uuid,
        scenario_id -> Uuid,
        user_id -> Nullable<Uuid>,
        organisation_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    scenarios (id) {
        id -> Uuid,
        owner_user_id -> Uuid,
        name -> Text,
        description -> Text,
        created_at -> Timestamptz,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    shared_views (id) {
        id -> Uuid,
        code -> Text,
        owner_user_id -> Uuid,
        target_path -> Text,
        title -> Text,
        clicks -> Int8,
        created_at -> Timestamptz,
        last_clicked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    system_hour_rates (id) {
        id -> Uuid,
        valid_from -> Date,
        hours_per_pm -> Numeric,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    tasks (id) {
        id -> Uuid,
        project_id -> Uuid,
        work_package_id -> Uuid,
        number -> Text,
        name -> Text,
        begin_month -> Int4,
        end_month -> Int4,
        role_type_id -> Nullable<Uuid>,
        lead_org_id -> Nullable<Uuid>,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::table! {
    user_organisations (user_id, organisation_id) {
        user_id -> Uuid,
        organisation_id -> Uuid,
    }
}

diesel::table! {
    user_settings (user_id) {
        user_id -> Uuid,
        locale -> Nullable<Text>,
        default_organisation_id -> Nullable<Uuid>,
        show_hours -> Bool,
        updated_at -> Timestamptz,
        reading -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        sub -> Text,
        username -> Text,
        email -> Nullable<Text>,
        display_name -> Nullable<Text>,
        last_login_at -> Nullable<Timestamptz>,
        raw_groups -> Jsonb,
        role -> Text,
        visibility -> Text,
        org_short_names -> Array<Nullable<Text>>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    work_packages (id) {
        id -> Uuid,
        project_id -> Uuid,
        number -> Int4,
        name -> Text,
        lead_org_id -> Nullable<Uuid>,
        begin_month -> Int4,
        end_month -> Int4,
        version -> Int8,
        modified_at -> Timestamptz,
    }
}

diesel::joinable!(allocation_overrides -> projects (project_id));
diesel::joinable!(personal_access_tokens -> users (user_id));
diesel::joinable!(assignments -> allocation_groups (allocation_group_id));
diesel::joinable!(assignments -> persons (person_id));
diesel::joinable!(assignments -> projects (project_id));
diesel::joinable!(assignments -> role_types (role_type_id));
diesel::joinable!(audit_log -> users (user_id));
diesel::joinable!(capacity_demand -> organisations (organisation_id));
diesel::joinable!(capacity_demand -> projects (project_id));
diesel::joinable!(organisation_month_demand -> organisations (organisation_id));
diesel::joinable!(organisation_month_demand -> projects (project_id));
diesel::joinable!(project_demand_totals -> projects (project_id));
diesel::joinable!(capacity_requests -> projects (project_id));
diesel::joinable!(deliverable_types -> lookup_groups (group_id));
diesel::joinable!(deliverables -> deliverable_types (deliverable_type_id));
diesel::joinable!(deliverables -> dissemination_levels (dissemination_level_id));
diesel::joinable!(deliverables -> organisations (lead_org_id));
diesel::joinable!(deliverables -> projects (project_id));
diesel::joinable!(dissemination_levels -> lookup_groups (group_id));
diesel::joinable!(employee_group_hours -> employee_groups (employee_group_id));
diesel::joinable!(employee_group_memberships -> employee_groups (employee_group_id));
diesel::joinable!(employee_group_memberships -> persons (person_id));
diesel::joinable!(fte_periods -> persons (person_id));
diesel::joinable!(holidays -> calendars (calendar_id));
diesel::joinable!(leaves -> leave_types (leave_type_id));
diesel::joinable!(leaves -> persons (person_id));
diesel::joinable!(milestones -> projects (project_id));
diesel::joinable!(milestones -> role_types (role_type_id));
diesel::joinable!(pending_imports -> users (user_id));
diesel::joinable!(persons -> organisations (organisation_id));
diesel::joinable!(persons -> users (user_id));
diesel::joinable!(project_group_hour_rates -> employee_groups (employee_group_id));
diesel::joinable!(project_group_hour_rates -> projects (project_id));
diesel::joinable!(project_hour_rates -> projects (project_id));
diesel::joinable!(project_partners -> organisations (organisation_id));
diesel::joinable!(project_partners -> projects (project_id));
diesel::joinable!(projects -> lifecycle_states (lifecycle_state_id));
diesel::joinable!(projects -> organisations (owner_org_id));
diesel::joinable!(role_demand -> projects (project_id));
diesel::joinable!(scenario_changes -> projects (project_id));
diesel::joinable!(scenario_changes -> scenarios (scenario_id));
diesel::joinable!(scenario_shares -> organisations (organisation_id));
diesel::joinable!(scenario_shares -> scenarios (scenario_id));
diesel::joinable!(scenario_shares -> users (user_id));
diesel::joinable!(scenarios -> users (owner_user_id));
diesel::joinable!(role_demand -> role_types (role_type_id));
diesel::joinable!(role_types -> lookup_groups (group_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(shared_views -> users (owner_user_id));
diesel::joinable!(tasks -> organisations (lead_org_id));
diesel::joinable!(tasks -> projects (project_id));
diesel::joinable!(tasks -> role_types (role_type_id));
diesel::joinable!(user_organisations -> organisations (organisation_id));
diesel::joinable!(user_organisations -> users (user_id));
diesel::joinable!(user_settings -> organisations (default_organisation_id));
diesel::joinable!(user_settings -> users (user_id));
diesel::joinable!(work_packages -> organisations (lead_org_id));
diesel::joinable!(work_packages -> projects (project_id));

diesel::allow_tables_to_appear_in_same_query!(
    data_versions,
    personal_access_tokens,
    allocation_groups,
    allocation_overrides,
    assignments,
    audit_log,
    calendars,
    capacity_demand,
    capacity_request_lines,
    capacity_requests,
    deliverable_types,
    deliverables,
    dissemination_levels,
    employee_group_hours,
    employee_group_memberships,
    employee_groups,
    fte_periods,
    holidays,
    leave_types,
    leaves,
    lifecycle_states,
    lookup_groups,
    milestones,
    organisation_month_demand,
    organisations,
    pending_imports,
    persons,
    project_demand_totals,
    project_group_hour_rates,
    project_hour_rates,
    project_partners,
    projects,
    role_demand,
    role_types,
    scenario_changes,
    scenario_shares,
    scenarios,
    sessions,
    shared_views,
    system_hour_rates,
    tasks,
    user_organisations,
    user_settings,
    users,
    work_packages,
);
