#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sesame_fuzz::check(data, sesame::fuzzing::scopes));
