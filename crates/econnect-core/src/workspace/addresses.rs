//! Reading a typed or pasted list of addresses, as mail programs and spreadsheets copy them.

/// Splits a pasted list: separated by commas, semicolons, new lines or spaces, with
/// `Name <address>` entries (as mail programs copy them) reduced to the address.
pub fn split_address_list(text: &str) -> Vec<String> {
    let mut addresses = Vec::new();
    for entry in text.split([',', ';', '\n', '\r', '\t']) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        if let (Some(open), Some(close)) = (entry.rfind('<'), entry.rfind('>'))
            && open < close
        {
            addresses.push(entry[open + 1..close].trim().to_owned());
            continue;
        }
        addresses.extend(entry.split_whitespace().map(str::to_owned));
    }
    addresses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_list_becomes_addresses() {
        assert_eq!(
            split_address_list(
                "Ada Lovelace <ada@acme.example>; bob@acme.example,\n carol@acme.example dave@acme.example\r\n\n"
            ),
            vec![
                "ada@acme.example",
                "bob@acme.example",
                "carol@acme.example",
                "dave@acme.example"
            ]
        );
        assert!(split_address_list(" ;, \n").is_empty());
    }
}
