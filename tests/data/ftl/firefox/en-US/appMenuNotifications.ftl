# This Source Code Form is subject to the terms of the Mozilla Public
# License, v. 2.0. If a copy of the MPL was not distributed with this
# file, You can obtain one at http://mozilla.org/MPL/2.0/.

appmenu-update-available2 =
    .label = Update available
    .buttonlabel = Download
    .buttonaccesskey = D
    .secondarybuttonlabel = Dismiss
    .secondarybuttonaccesskey = m
appmenu-update-available-message2 = Download the latest version of { -brand-shorter-name }.
