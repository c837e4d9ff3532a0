<?php

declare(strict_types=1);

/**
 * This file is part of CodeIgniter 4 framework.
 *
 * (c) CodeIgniter Foundation <admin@codeigniter.com>
 *
 * For the full copyright and license information, please view
 * the LICENSE file that was distributed with this source code.
 */

// Number language settings
return [
    'terabyteAbbr' => 'TB',
    'gigabyteAbbr' => 'GB',
    'megabyteAbbr' => 'MB',
    'kilobyteAbbr' => 'KB',
    'bytes'        => 'Bytes',

    // don't forget the space in front of these!
    'thousand'    => ' thousand',
    'million'     => ' million',
    'billion'     => ' billion',
    'trillion'    => ' trillion',
    'quadrillion' => ' quadrillion',
];
