//! The facts of a demo case that the national tables count (issue 17):
//! the rarer kinds and channel, the criminal facts of T5 and the coded
//! result, all drawn from the generator's second stream so that the rest
//! of a seed's demo stays as it was.

use crate::domain::case::{CaseResult, CriminalFacts};
use crate::domain::codes::{Channel, Kind, Matter, ResultCode};

use rand::RngExt;

use super::{Generator, weighted};

impl Generator {
    /// A criminal case's facts for table T5, from the second stream: a
    /// notification's stage and ground (a minor by age, a possible life or
    /// death sentence when the case is serious), an application's source.
    pub(super) fn criminal(
        &mut self,
        matter: Matter,
        channel: Channel,
        serious: bool,
        age: u32,
    ) -> Option<CriminalFacts> {
        use crate::domain::codes::{NoticeGround, ProceedingStage, Source};
        if matter == Matter::CompulsoryTreatment {
            return None;
        }
        if channel == Channel::Notified {
            let stage = weighted(
                &mut self.extra,
                &[
                    (ProceedingStage::Investigation, 30),
                    (ProceedingStage::ProsecutionReview, 30),
                    (ProceedingStage::FirstInstance, 34),
                    (ProceedingStage::SecondInstance, 5),
                    (ProceedingStage::Other, 1),
                ],
            );
            let ground = if serious {
                NoticeGround::LifeOrDeath
            } else if age < 18 {
                NoticeGround::Minor
            } else {
                weighted(
                    &mut self.extra,
                    &[
                        (NoticeGround::Other, 90),
                        (NoticeGround::MentalIllness, 6),
                        (NoticeGround::BlindDeafMute, 4),
                    ],
                )
            };
            return Some(CriminalFacts {
                stage: Some(stage),
                ground: Some(ground),
                source: None,
            });
        }
        let table: &[(Source, u32)] = if matter == Matter::Victim {
            &[(Source::Victim, 80), (Source::PrivateProsecutor, 20)]
        } else {
            &[
                (Source::Police, 10),
                (Source::Procuratorate, 10),
                (Source::Court, 20),
                (Source::OtherOrgan, 2),
                (Source::Suspect, 18),
                (Source::Defendant, 40),
            ]
        };
        Some(CriminalFacts {
            stage: None,
            ground: None,
            source: Some(weighted(&mut self.extra, table)),
        })
    }

    /// A concluded case's coded result and the money obtained, from the
    /// second stream: most opinions adopted and most suits won or settled;
    /// money for civil and labour matters, wages for migrant workers.
    pub(super) fn result(&mut self, kind: Kind, matter: Matter, migrant: bool) -> CaseResult {
        let codes = ResultCode::for_kind(kind);
        let weights: Vec<u32> = (0..codes.len() as u32)
            .map(|i| if i == 0 { 6 } else { 2 })
            .collect();
        let total: u32 = weights.iter().sum();
        let mut roll = self.extra.random_range(0..total);
        let mut code = codes[0];
        for (c, w) in codes.iter().zip(&weights) {
            if roll < *w {
                code = *c;
                break;
            }
            roll -= w;
        }
        let gains = matches!(
            code,
            ResultCode::Won
                | ResultCode::Mediated
                | ResultCode::Settled
                | ResultCode::ArbitrationAward
        ) && kind != Kind::Criminal;
        let recovered = if gains {
            u64::from(self.extra.random_range(20u32..2_000)) * 100
        } else {
            0
        };
        let wages = if migrant && matter == Matter::Wages {
            recovered
        } else {
            0
        };
        CaseResult {
            code,
            recovered,
            wages,
        }
    }

    /// Now and then a civil case is a petition, a forensic appraisal or a
    /// notarization instead, and a criminal application was requested by
    /// another center (商请); drawn from the second stream.
    pub(super) fn rarer(
        &mut self,
        kind: Kind,
        matter: Matter,
        channel: Channel,
    ) -> (Kind, Channel) {
        let kind = if kind == Kind::Civil && self.extra.random_bool(0.05) {
            [Kind::Forensic, Kind::Notarization, Kind::Petition]
                .into_iter()
                .find(|k| matter.fits(*k))
                .unwrap_or(kind)
        } else {
            kind
        };
        let channel = if kind == Kind::Criminal
            && channel == Channel::WalkIn
            && self.extra.random_bool(0.3)
        {
            Channel::Requested
        } else {
            channel
        };
        (kind, channel)
    }
}
