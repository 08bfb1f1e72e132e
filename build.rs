//! Link settings for the `9pic-help` binary (the library is untouched).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu {
        // A position-dependent executable. As a PIE the binary carried 23,000
        // relative relocations (pointers in static data: vtables, tables of
        // strings, the tracing metadata of the keyring's D-Bus code) that the
        // dynamic loader patched on every start: 0.29 M instructions, 30% of
        // `--version`, 18% of a ticket (benches/results.md), and 370 KiB of
        // pages made private per process. The price is that the binary's own
        // code and data load at a fixed address (the stack, the heap and the
        // shared libraries are still placed at random).
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
