//! What a person types, read once for every place that takes it: the app's
//! prompts and the command line. Fullwidth digits (a Chinese input method)
//! read as ASCII here as everywhere (`text::fold_width`).

use super::text::fold_width;

/// The whole numbers typed, whatever separates them (fullwidth digits
/// read as ASCII); None when one is too large.
fn numbers(text: &str) -> Option<Vec<u32>> {
    fold_width(text)
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()
}

/// "3 2400", "3，2400", "３ ２４００": household size and monthly income.
/// None unless exactly two numbers, the household at least one.
pub fn means(text: &str) -> Option<(u32, u32)> {
    let nums = numbers(text)?;
    match nums[..] {
        [size, income] if size > 0 => Some((size, income)),
        _ => None,
    }
}

/// A follow-up by phone typed on one line: "1 很满意", "２，态度一般":
/// 1 satisfied, 2 fairly satisfied, 3 not satisfied, 0 not reached; then
/// the comments.
pub fn follow_up(text: &str) -> Option<super::quality::FollowUpInput> {
    use super::quality::{Answers, FollowUpInput, Method, Satisfaction};
    let text = fold_width(text);
    let text = text.trim();
    let digit = text.chars().next()?.to_digit(10)?;
    let rest = text[1..].trim_start_matches([' ', ',', '，', '、', ':', '：']);
    let satisfaction = match digit {
        0 => None,
        1 => Some(Satisfaction::Satisfied),
        2 => Some(Satisfaction::Fair),
        3 => Some(Satisfaction::Dissatisfied),
        _ => return None,
    };
    Some(FollowUpInput {
        method: Method::Phone,
        reached: satisfaction.is_some(),
        answers: Answers::default(),
        satisfaction,
        comments: rest.trim().to_string(),
        action: String::new(),
    })
}

/// A score sheet typed on one line: the points of each of `items` items in
/// order ("10 15 12 18 18 8 9"), or the total alone ("90"). The items and
/// the total; None for any other count of numbers.
pub fn score_sheet(text: &str, items: usize) -> Option<(Vec<u32>, u32)> {
    let nums = numbers(text)?;
    match nums.len() {
        1 => Some((Vec::new(), nums[0])),
        n if n == items && n > 1 => {
            let total = nums.iter().sum();
            Some((nums, total))
        }
        _ => None,
    }
}

/// "120000 80000", "120000": the yuan recovered and, of it, wages (0
/// when not given); "" for nothing. None unless one or two whole numbers,
/// the wages not more than the amount.
pub fn amounts(text: &str) -> Option<(u64, u64)> {
    let text = fold_width(text);
    let nums: Vec<u64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let (recovered, wages) = match nums[..] {
        [] if text.trim().is_empty() => (0, 0),
        [a] => (a, 0),
        [a, w] => (a, w),
        _ => return None,
    };
    (wages <= recovered).then_some((recovered, wages))
}

/// A list typed on one line: "劳动合同，工资欠条、身份证" (commas, the
/// enumeration comma and semicolons, ASCII or Chinese), blanks dropped.
pub fn items(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_are_two_numbers() {
        assert_eq!(means("4/3,000"), None);
        assert_eq!(means("4, 3000"), Some((4, 3000)));
        assert_eq!(means("0 100"), None);
        assert_eq!(means("３ ２４００"), Some((3, 2400)));
        assert_eq!(means("3，2400元"), Some((3, 2400)));
    }

    #[test]
    fn a_follow_up_is_a_satisfaction_then_a_note() {
        use crate::domain::quality::Satisfaction;
        let f = |t: &str| follow_up(t).map(|r| (r.reached, r.satisfaction, r.comments));
        assert_eq!(
            f("1 ok"),
            Some((true, Some(Satisfaction::Satisfied), "ok".into()))
        );
        assert_eq!(f("6 ok"), None);
        assert_eq!(
            f("3"),
            Some((true, Some(Satisfaction::Dissatisfied), String::new()))
        );
        assert_eq!(
            f("２，一般"),
            Some((true, Some(Satisfaction::Fair), "一般".into()))
        );
        assert_eq!(f("0 无人接听"), Some((false, None, "无人接听".into())));
    }

    #[test]
    fn amounts_are_one_or_two_numbers_the_wages_not_more() {
        assert_eq!(amounts("120000 80000"), Some((120_000, 80_000)));
        assert_eq!(amounts("１２０００元"), Some((12_000, 0)));
        assert_eq!(amounts(""), Some((0, 0)));
        assert_eq!(amounts("100 200"), None);
        assert_eq!(amounts("1 2 3"), None);
    }

    #[test]
    fn items_are_split_on_any_comma() {
        assert_eq!(
            items("劳动合同，工资欠条、身份证; 收入证明,"),
            ["劳动合同", "工资欠条", "身份证", "收入证明"]
        );
        assert!(items(" ， ").is_empty());
    }
}
