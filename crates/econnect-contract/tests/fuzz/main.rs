//! Fuzzing the decoder of the platform's error answers (RFC 9457 problem details) with a
//! bounded number of random cases (proptest; run by `cargo xtask test`): random bytes and
//! random problem-shaped JSON never panic, and what decodes keeps a known code.

use econnect_contract::{ErrorCode, Problem};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("ECADMIN_FUZZ_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(4_000)
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
        prop_oneof![
            Just("last_administrator"),
            Just("stale_version"),
            Just("forbidden"),
            Just("nope")
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("type".to_owned()),
                    Just("title".to_owned()),
                    Just("status".to_owned()),
                    Just("detail".to_owned()),
                    Just("code".to_owned()),
                    Just("hint".to_owned()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..7
            )
            .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<Problem>(&bytes);
    }

    #[test]
    fn a_decoded_problem_keeps_a_known_code(value in json_value()) {
        if let Ok(problem) = serde_json::from_value::<Problem>(value) {
            let code = serde_json::to_value(problem.code).unwrap();
            let again: ErrorCode = serde_json::from_value(code).unwrap();
            prop_assert_eq!(again, problem.code);
            let _ = problem.code.kind();
        }
    }
}
