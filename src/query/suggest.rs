//! Near matches for a name that matched nothing: candidates that contain it (case-insensitive)
//! or are within a small edit distance of it, best first.

/// How many near matches a "not found" message offers.
pub const MAX_SUGGESTIONS: usize = 8;

/// The best `MAX_SUGGESTIONS` of `candidates` for `wanted`: substring matches first (shortest
/// first, they are the most specific), then by edit distance; duplicates removed.
pub fn near_matches<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let wanted_len = wanted.chars().count();
    // Typos grow with the name: one edit in a short name, about a third of a long one.
    let max_distance = (wanted_len / 3).max(1);
    let mut scored: Vec<((usize, usize), &str)> = Vec::new();
    for candidate in candidates {
        if candidate.is_empty() || candidate == wanted {
            continue;
        }
        let lower = candidate.to_lowercase();
        let length = candidate.chars().count();
        if wanted_len >= 2 && lower.contains(&wanted_lower) {
            scored.push(((0, length), candidate));
        } else if length.abs_diff(wanted_len) <= max_distance {
            let distance = edit_distance(&wanted_lower, &lower);
            if distance <= max_distance {
                scored.push(((1 + distance, length), candidate));
            }
        }
    }
    scored.sort();
    let mut near: Vec<String> = Vec::new();
    for (_, candidate) in scored {
        if !near.iter().any(|n| n == candidate) {
            near.push(candidate.to_owned());
            if near.len() == MAX_SUGGESTIONS {
                break;
            }
        }
    }
    near
}

/// Edit distance over characters: insertions, deletions, substitutions and transpositions of
/// two adjacent characters (`jion` is one edit from `join`), each counting one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the dynamic-programming table: two back (for transpositions), one back, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 0..a.len() {
        current[0] = i + 1;
        for j in 0..b.len() {
            let substitution = previous[j] + usize::from(a[i] != b[j]);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("helper", "helper"), 0);
        assert_eq!(edit_distance("helpr", "helper"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("jion", "join"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn substrings_first_then_typos_and_nothing_far() {
        let candidates = ["helper", "get_helper_config", "whelp", "unrelated", "helped"];
        assert_eq!(near_matches("helper", candidates), vec!["get_helper_config", "helped"]);
        // One edit allowed in a five-letter name, more in a long one.
        assert_eq!(near_matches("helpr", candidates), vec!["helper"]);
        assert_eq!(near_matches("get_helpr_cnfig", candidates), vec!["get_helper_config"]);
        assert!(near_matches("zzz", candidates).is_empty());
    }
}
