//! What is open over the panes, as one stack: the case view, help, the
//! search line and its results, the statistics screen, the consultation
//! and registration forms, a one-line prompt and a question. The one on top
//! has the keys (`App::context`) and is drawn last; closing it gives the
//! keys back to the one under it. Each kind is open at most once: opening
//! one already open replaces it where it stands.

use super::app::{Detail, Intake, Prompt, Question, Reports, Results, Supervision};
use super::consult::ConsultForm;
use super::field::TextField;

macro_rules! overlays {
    ($( $(#[$m:meta])* $variant:ident($ty:ty) { $get:ident, $get_mut:ident, $open:ident, $close:ident, $take:ident } )*) => {
        /// One thing open over the panes.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Overlay {
            $( $(#[$m])* $variant($ty), )*
        }

        /// The overlays, the one opened last on top.
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct Overlays(Vec<Overlay>);

        impl Overlays {
            $(
                pub fn $get(&self) -> Option<&$ty> {
                    self.0.iter().rev().find_map(|o| match o {
                        Overlay::$variant(x) => Some(x),
                        _ => None,
                    })
                }

                pub fn $get_mut(&mut self) -> Option<&mut $ty> {
                    self.0.iter_mut().rev().find_map(|o| match o {
                        Overlay::$variant(x) => Some(x),
                        _ => None,
                    })
                }

                /// Opens it on top, or replaces the one open where it stands.
                pub fn $open(&mut self, value: $ty) {
                    match self.0.iter().position(|o| matches!(o, Overlay::$variant(_))) {
                        Some(i) => self.0[i] = Overlay::$variant(value),
                        None => self.0.push(Overlay::$variant(value)),
                    }
                }

                pub fn $close(&mut self) {
                    self.0.retain(|o| !matches!(o, Overlay::$variant(_)));
                }

                pub fn $take(&mut self) -> Option<$ty> {
                    let i = self.0.iter().position(|o| matches!(o, Overlay::$variant(_)))?;
                    match self.0.remove(i) {
                        Overlay::$variant(x) => Some(x),
                        _ => None,
                    }
                }
            )*
        }
    };
}

overlays! {
    /// The case view.
    Detail(Detail) { detail, detail_mut, open_detail, close_detail, take_detail }
    /// Help, with its scroll offset.
    Help(usize) { help, help_mut, open_help, close_help, take_help }
    /// The search line, while typing.
    Search(TextField) { search, search_mut, open_search, close_search, take_search }
    /// The results of a search, or the cases behind a number of a report.
    Results(Results) { results, results_mut, open_results, close_results, take_results }
    /// The statistics screen.
    Reports(Reports) { reports, reports_mut, open_reports, close_reports, take_reports }
    /// The supervision screen.
    Supervision(Supervision) { supervision, supervision_mut, open_supervision, close_supervision, take_supervision }
    /// The consultation form.
    Consult(ConsultForm) { consult, consult_mut, open_consult, close_consult, take_consult }
    /// The registration form.
    Intake(Intake) { intake, intake_mut, open_intake, close_intake, take_intake }
    /// A one-line prompt (a reason, a corrected value).
    Prompt(Prompt) { prompt, prompt_mut, open_prompt, close_prompt, take_prompt }
    /// A question with its choices.
    Question(Question) { question, question_mut, open_question, close_question, take_question }
}

impl Overlays {
    /// The overlay on top, which has the keys.
    pub fn top(&self) -> Option<&Overlay> {
        self.0.last()
    }

    /// Bottom to top, the order they are drawn in.
    pub fn iter(&self) -> impl Iterator<Item = &Overlay> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_opened_is_on_top_and_a_reopened_one_stays_where_it_is() {
        let mut o = Overlays::default();
        o.open_help(0);
        o.open_search(TextField::new());
        assert!(matches!(o.top(), Some(Overlay::Search(_))));
        o.open_help(3);
        assert!(
            matches!(o.top(), Some(Overlay::Search(_))),
            "replaced in place"
        );
        assert_eq!(o.help(), Some(&3));
        *o.help_mut().unwrap() += 1;
        assert_eq!(
            o.take_search().map(|f| f.text().to_string()),
            Some(String::new())
        );
        assert!(matches!(o.top(), Some(Overlay::Help(4))));
        o.close_help();
        assert!(o.is_empty());
        assert_eq!(o.take_help(), None);
    }
}
