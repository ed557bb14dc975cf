//! The `rediflow` binary: a thin wrapper around [`rediflow::cli`].

fn main() -> std::process::ExitCode {
    rediflow::cli::main()
}
