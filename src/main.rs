//! The `dojo` command: parse arguments, run, exit with the command's code.

fn main() {
    std::process::exit(dojo::cli::main());
}
