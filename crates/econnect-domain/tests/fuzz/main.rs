//! Fuzzing the parsers people feed text to, with a bounded number of random cases (proptest;
//! run by `cargo xtask test`). `ECADMIN_FUZZ_CASES` raises the count for a longer run.

use econnect_domain::text::{MAX_NAME_CHARS, plain_text};
use econnect_domain::{EmailAddress, Role, UserStatus};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("ECADMIN_FUZZ_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(4_000)
}

/// Text shaped like what gets pasted: letters, digits, the punctuation of addresses, spaces,
/// full-width and accented letters, control and direction characters.
fn address_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9]",
            Just("@".to_owned()),
            Just(".".to_owned()),
            Just("-".to_owned()),
            Just("+".to_owned()),
            Just(" ".to_owned()),
            Just("ａ".to_owned()),
            Just("ü".to_owned()),
            Just("\u{202E}".to_owned()),
            Just("\u{0000}".to_owned()),
            Just("<".to_owned()),
            Just("\"".to_owned()),
            any::<char>().prop_map(String::from),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Never panics; what it accepts is in its one compared form: parsing it again gives the
    /// same address, within the length limit, with no hidden characters.
    #[test]
    fn an_accepted_address_is_normal_and_stable(input in address_like()) {
        if let Ok(address) = EmailAddress::parse(&input) {
            let again = EmailAddress::parse(address.as_str()).expect("its own form parses");
            prop_assert_eq!(&again, &address);
            prop_assert!(address.as_str().chars().count() <= econnect_domain::email::MAX_LENGTH);
            prop_assert!(!address.as_str().chars().any(char::is_control));
            prop_assert!(address.domain().is_ascii(), "the domain is in its IDNA form");
            prop_assert_eq!(address.as_str().to_lowercase(), address.as_str());
        }
    }

    #[test]
    fn plain_text_never_lets_hidden_characters_through(input in any::<String>()) {
        if let Ok(text) = plain_text("name", &input, MAX_NAME_CHARS) {
            prop_assert!(!text.is_empty() && text.chars().count() <= MAX_NAME_CHARS);
            prop_assert!(!text.chars().any(|c| c.is_control() || econnect_domain::text::is_bidi_control(c)));
        }
    }

    #[test]
    fn role_and_status_names_never_panic(input in any::<String>()) {
        let _ = input.parse::<Role>();
        let _ = input.parse::<UserStatus>();
    }
}
