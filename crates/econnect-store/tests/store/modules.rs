//! The store's modules read top-down: no module of `src/` names another that (through any
//! chain) names it back. Read from the sources, so that a new `use crate::…` that closes a
//! circle fails here with the circle spelled out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `module -> modules it names` for every `src/*.rs` but `lib.rs`.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|ext| ext == "rs") && name != "lib" {
            files.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    let names: BTreeSet<String> = files.iter().map(|(name, _)| name.clone()).collect();
    files
        .into_iter()
        .map(|(name, text)| {
            let named = text
                .match_indices("crate::")
                .filter_map(|(at, _)| {
                    let rest = &text[at + "crate::".len()..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    let module = &rest[..end];
                    (names.contains(module) && module != name).then(|| module.to_owned())
                })
                .collect();
            (name, named)
        })
        .collect()
}

/// A circle through `from`, if there is one: the path back to it.
fn circle_from(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        target: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in &graph[at] {
            if next == target {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, target, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![from.to_owned()];
    walk(graph, from, from, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn the_modules_form_no_circle() {
    let graph = module_graph();
    assert!(
        graph.len() >= 10 && graph.contains_key("store") && graph["outbox"].contains("store"),
        "the module graph was not read: {graph:?}"
    );
    let circles: Vec<String> = graph
        .keys()
        .filter_map(|module| circle_from(&graph, module))
        .map(|path| path.join(" -> "))
        .collect();
    assert!(
        circles.is_empty(),
        "modules of econnect-store name each other in a circle; move the shared part into a \
         leaf module: {circles:#?}"
    );
}

#[test]
fn a_circle_would_be_found() {
    let mut graph = module_graph();
    graph.get_mut("query").unwrap().insert("store".to_owned());
    assert!(
        circle_from(&graph, "store").is_some(),
        "store -> … -> query -> store is a circle"
    );
}

#[test]
fn the_plain_types_name_no_other_module() {
    let graph = module_graph();
    for leaf in ["error", "events", "query", "memory"] {
        assert!(
            graph[leaf].is_empty(),
            "`{leaf}` is a leaf module but names {:?}",
            graph[leaf]
        );
    }
    assert!(
        graph["index"].iter().all(|module| module == "query"),
        "the search index is plain memory over the query types, but names {:?}",
        graph["index"]
    );
}
