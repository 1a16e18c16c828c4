fn main() {
    std::process::exit(dockward::cli::run());
}
