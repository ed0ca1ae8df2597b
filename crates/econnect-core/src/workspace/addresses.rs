//! Reading a typed or pasted list of addresses, as mail programs and spreadsheets copy them.

/// Splits a pasted list: separated by commas, semicolons, new lines or spaces, with
/// `Name <address>` and `"Last, First" <address>` entries (as mail programs copy them)
/// reduced to the address. Separators inside double quotes belong to the name.
pub fn split_address_list(text: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut entry = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' | ';' | '\n' | '\r' | '\t' if !quoted => entries.push(std::mem::take(&mut entry)),
            _ => entry.push(c),
        }
    }
    entries.push(entry);
    let mut addresses = Vec::new();
    for entry in &entries {
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
        assert_eq!(
            split_address_list(
                "\"Jansen, Piet\" <piet@acme.example>, \"de Vries; Bram\" <bram@acme.example>"
            ),
            vec!["piet@acme.example", "bram@acme.example"]
        );
    }
}
