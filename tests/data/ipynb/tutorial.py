# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Reading a CSV file
#
# This tutorial shows how to read a table with *pandas*.
# Each step is one cell; run them in order.

# %%
import pandas as pd

# Read the file (the first row holds the column names)
table = pd.read_csv("measurements.csv")

# %% [markdown]
# The `head` method shows the first five rows:

# %%
table.head()
