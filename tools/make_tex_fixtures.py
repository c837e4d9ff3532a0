"""Remakes tests/data/tex/ (see its README.md): pandoc's standalone LaTeX of a Markdown
page, and the hand-written article, lecture notes in Latin-1 and Beamer deck kept as they
are typed (this script writes them as checked in; pandoc's is regenerated when pandoc is
installed). Run: python tools/make_tex_fixtures.py"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "tex"

PANDOC_MD = """\
---
title: Notes on the Weather
author: A. Writer
lang: en
---

# Introduction

The weather is *changing* quickly, as **everyone** knows. The mean temperature
rose by $\\Delta T = 1.1$ degrees.[^1] See [the report](https://example.org/report).

[^1]: Measured since 1900.

- First item with `code`
- Second item

$$E = mc^2$$

```python
print("kept")
```
"""

ARTICLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage[english]{babel}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage{hyperref}
\newcommand{\R}{\mathbb{R}}

\title{A Short Study of Heat Transport in Thin Films}
\author{Ada Example\thanks{University of Nowhere} \and Bob Sample}
\date{\today}

\begin{document}
\maketitle

\begin{abstract}
We study heat transport in thin films. Our model predicts the conductivity
within $5\%$ of the measured values.
\end{abstract}

\section{Introduction}\label{sec:intro}
Thin films are used in many devices~\cite{smith2020,doe2019}. Their conductivity
$\kappa$ depends on the thickness $d$, as shown in Figure~\ref{fig:setup}.
% TODO: cite the older work too
We write $\kappa(d) \in \R$ for the conductivity.\footnote{All values are given
at room temperature.}

The \emph{effective} conductivity is defined by
\begin{equation}
  \kappa_{\mathrm{eff}} = \frac{q\, d}{\Delta T},
  \label{eq:keff}
\end{equation}
where $q$ is the heat flux. Equation~\eqref{eq:keff} holds for \textbf{steady} states.

\subsection{Contributions}
Our contributions are:
\begin{itemize}
  \item a simple model of the phonon transport;
  \item measurements on five samples (see \url{https://example.org/data});
  \item an open implementation, described in \href{https://example.org/code}{our repository}.
\end{itemize}

\begin{figure}[t]
  \centering
  \includegraphics[width=0.5\linewidth]{setup.pdf}
  \caption{The measurement setup.}
  \label{fig:setup}
\end{figure}

\begin{table}[h]
  \centering
  \begin{tabular}{lr}
    \hline
    Sample & $d$ (nm) \\
    \hline
    A & 10 \\
    B & 20 \\
    \hline
  \end{tabular}
  \caption{Thickness of the samples.}
  \label{tab:samples}
\end{table}

\begin{verbatim}
for sample in samples: measure(sample)
\end{verbatim}

\section*{Acknowledgements}
We thank the reviewers for their comments.

\begin{thebibliography}{9}
\bibitem{smith2020} J. Smith, \emph{Thin Films}, 2020.
\bibitem{doe2019} J. Doe, \emph{Heat}, 2019.
\end{thebibliography}
\end{document}
"""

LECTURE = r"""\documentclass{article}
\usepackage[latin1]{inputenc}
\usepackage[T1]{fontenc}
\usepackage[german,english]{babel}

\begin{document}
\section{Lecture one}
This lecture covers the na\"ive model and the caf\'e example. The R
of the S is explained in the N way.

\begin{enumerate}
\item The first point.
\item The second point, with $x^2 + y^2 = z^2$.
\end{enumerate}
\end{document}
"""

BEAMER = r"""\documentclass{beamer}
\usepackage[utf8]{inputenc}
\usepackage[english]{babel}
\usetheme{Madrid}
\title[Short talk]{A Short Talk on Graphs}
\author{Carla Speaker}

\begin{document}

\begin{frame}
  \titlepage
\end{frame}

\begin{frame}{Motivation}
  \begin{itemize}
    \item Graphs are everywhere.
    \item A graph $G = (V, E)$ has vertices and edges.
  \end{itemize}
\end{frame}

\begin{frame}[fragile]
  \frametitle{An algorithm}
  Breadth-first search visits every vertex once.
\begin{verbatim}
queue = [start]
\end{verbatim}
\end{frame}

\end{document}
"""


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "article.tex").write_text(ARTICLE, "utf-8")
    # (typed in Latin-1, as an editor set to it saves: accents as characters and commands)
    lecture = LECTURE.replace("R\n", "r\u00f4le\n").replace(" S ", " r\u00e9sum\u00e9 ")
    lecture = lecture.replace(" N ", " na\u00efve ")
    (DATA / "lecture-latin1.tex").write_bytes(lecture.encode("latin-1"))
    (DATA / "beamer.tex").write_text(BEAMER, "utf-8")
    if shutil.which("pandoc"):
        md = DATA / "pandoc.md"
        md.write_text(PANDOC_MD, "utf-8")
        subprocess.run(
            ["pandoc", "-s", str(md), "-t", "latex", "-o", str(DATA / "pandoc.tex")], check=True
        )
        md.unlink()


if __name__ == "__main__":
    main()
