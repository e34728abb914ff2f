//! Kinds of government bodies, from the government down to rural districts.

use serde::{Deserialize, Serialize};

/// What sort of body this is; the order is the order of the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// The government (cabinet of ministers).
    Government,
    /// A central executive body: a ministry.
    Ministry,
    /// A central body outside the ministries (civil service, competition, anti-corruption).
    Agency,
    /// A committee or bureau inside a ministry or agency.
    Committee,
    /// The akimat of a region (oblys).
    Region,
    /// The akimat of a city, of republican or of regional significance.
    City,
    /// The akimat of a district (audan), in a region or a city.
    District,
    /// The office of the akim of a rural district (auyl okrug): the fourth budget level.
    RuralDistrict,
}

impl BodyKind {
    pub const ALL: [BodyKind; 8] = [
        BodyKind::Government,
        BodyKind::Ministry,
        BodyKind::Agency,
        BodyKind::Committee,
        BodyKind::Region,
        BodyKind::City,
        BodyKind::District,
        BodyKind::RuralDistrict,
    ];

    /// The code stored in `bodies.kind` and used in URLs and the API.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Government => "government",
            Self::Ministry => "ministry",
            Self::Agency => "agency",
            Self::Committee => "committee",
            Self::Region => "region",
            Self::City => "city",
            Self::District => "district",
            Self::RuralDistrict => "rural_district",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The catalogue key of the kind's name (`body-kind-<code>`).
    #[must_use]
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Government => "body-kind-government",
            Self::Ministry => "body-kind-ministry",
            Self::Agency => "body-kind-agency",
            Self::Committee => "body-kind-committee",
            Self::Region => "body-kind-region",
            Self::City => "body-kind-city",
            Self::District => "body-kind-district",
            Self::RuralDistrict => "body-kind-rural_district",
        }
    }

    /// Position in the hierarchy, for sorting siblings (unknown kinds sort last).
    #[must_use]
    pub fn rank_of(code: &str) -> usize {
        Self::ALL
            .iter()
            .position(|k| k.code() == code)
            .unwrap_or(Self::ALL.len())
    }
}

impl std::fmt::Display for BodyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_keys_follow_the_pattern() {
        for kind in BodyKind::ALL {
            assert_eq!(BodyKind::from_code(kind.code()), Some(kind));
            assert_eq!(kind.label_key(), format!("body-kind-{}", kind.code()));
        }
        assert_eq!(BodyKind::from_code("parliament"), None);
        assert_eq!(BodyKind::rank_of("ministry"), 1);
        assert_eq!(BodyKind::rank_of("unknown"), 8);
    }
}
