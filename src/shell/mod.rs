//! Words and simple commands of shell scripts in RUN instructions.
