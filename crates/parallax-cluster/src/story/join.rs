//! The join decision's model: gradient-boosted trees over [`super::Similarity::inputs`],
//! fitted by `scripts/fit-story-model.py` and stored in [`super::model`].
//!
//! Trees rather than one weighted sum, because the inputs matter in combination: a shared
//! rare name settles a report weeks after its event, yet a high word cosine means little for
//! a short article that shares only a theme's vocabulary with a large story.

use super::model::{BASELINE, INPUTS, NODES, ROOTS};

/// One node of a tree: a split on one input, or a leaf's contribution to the log-odds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Node {
    /// The input the split reads; [`Node::LEAF`] for a leaf.
    input: u8,
    /// The split's threshold (go left when the input is at most this), or the leaf's value.
    value: f64,
    /// Where to go next (indices into the model's node array).
    left: u16,
    right: u16,
}

impl Node {
    const LEAF: u8 = u8::MAX;

    /// A split: inputs at most `threshold` go to `left`, others to `right`.
    pub(super) const fn split(input: u8, threshold: f64, left: u16, right: u16) -> Self {
        Self {
            input,
            value: threshold,
            left,
            right,
        }
    }

    /// A leaf adding `value` to the log-odds.
    pub(super) const fn leaf(value: f64) -> Self {
        Self {
            input: Self::LEAF,
            value,
            left: 0,
            right: 0,
        }
    }
}

/// The chance the model gives an article with these inputs of belonging to the story.
pub(super) fn probability(inputs: &[f64; INPUTS]) -> f64 {
    let mut z = BASELINE;
    for &root in &ROOTS {
        let mut node = &NODES[usize::from(root)];
        while node.input != Node::LEAF {
            let next = if inputs[usize::from(node.input)] <= node.value {
                node.left
            } else {
                node.right
            };
            node = &NODES[usize::from(next)];
        }
        z += node.value;
    }
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::super::model::CHECKS;
    use super::*;

    #[test]
    fn the_trees_give_the_probabilities_they_were_fitted_to_give() {
        for (inputs, expected) in CHECKS {
            let p = probability(&inputs);
            assert!(
                (p - expected).abs() < 1e-9,
                "{p} against {expected} for {inputs:?}"
            );
        }
    }

    #[test]
    fn every_node_points_inside_the_model() {
        for node in &NODES {
            if node.input != Node::LEAF {
                assert!(usize::from(node.input) < INPUTS);
                assert!(usize::from(node.left) < NODES.len());
                assert!(usize::from(node.right) < NODES.len());
            }
        }
    }
}
