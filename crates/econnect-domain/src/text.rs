//! Free text people type (names of people and organisations): bounded, and free of control
//! characters and of the bidirectional-formatting characters that make one text look like
//! another in a list.

/// The longest name of a person or an organisation.
pub const MAX_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{field} is empty; enter it")]
    Empty { field: &'static str },
    #[error("{field} is longer than {max} characters; shorten it")]
    TooLong { field: &'static str, max: usize },
    #[error(
        "{field} holds a control or text-direction character (invisible, but it changes how the text reads); type it again without"
    )]
    Hidden { field: &'static str },
}

/// `value` trimmed, when it is 1 to `max` characters of plain text.
pub fn plain_text<'a>(
    field: &'static str,
    value: &'a str,
    max: usize,
) -> Result<&'a str, TextError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(TextError::Empty { field });
    }
    if value.chars().count() > max {
        return Err(TextError::TooLong { field, max });
    }
    if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(TextError::Hidden { field });
    }
    Ok(value)
}

/// Unicode's bidirectional formatting characters (LRE … PDI, LRM, RLM, ALM).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass_and_hidden_characters_do_not() {
        assert_eq!(
            plain_text("name", "  Bram de Vries ", 200),
            Ok("Bram de Vries")
        );
        assert_eq!(
            plain_text("name", "Zoë Ünal-Çelik", 200),
            Ok("Zoë Ünal-Çelik")
        );
        assert!(matches!(
            plain_text("name", "   ", 200),
            Err(TextError::Empty { .. })
        ));
        assert!(matches!(
            plain_text("name", &"x".repeat(201), 200),
            Err(TextError::TooLong { .. })
        ));
        for hidden in [
            "Ada\u{202E}nimda",
            "Ada\nAdmin",
            "Ada\u{0000}",
            "\u{2066}Ada",
        ] {
            assert!(
                matches!(
                    plain_text("name", hidden, 200),
                    Err(TextError::Hidden { .. })
                ),
                "{hidden:?}"
            );
        }
    }
}
