"""Measuring the aligner: accuracy against gold alignments, speed and memory, and the suite of gold documents."""
