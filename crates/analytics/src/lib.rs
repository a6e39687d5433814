//! Analytics over stored mentions: the citra index per country and period.
#![deny(missing_docs)]
