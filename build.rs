// The migrations are embedded at compile time (src/db/migrations.rs): rebuild when one is added
// or changed, or a test template and `rediflow migrate` would run yesterday's SQL.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
