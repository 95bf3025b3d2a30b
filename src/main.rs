// sled frees on its own threads what the importing thread allocated;
// glibc's arenas serialize that on a lock (a 100k import took 6 s with it,
// 3.5 s with mimalloc). Without transparent huge pages (no_thp), mimalloc
// leaves a short command's memory at glibc's 7 MB instead of 15.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    docket::cli::main()
}
