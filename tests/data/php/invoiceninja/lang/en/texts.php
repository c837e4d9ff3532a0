<?php

$lang = array(
    'company_name' => 'Company',
    'mobile_phone' => 'Mobile',
    'payment_due' => 'Payment due',
    'default_currency' => '1',
    'email_theme' => 'email-theme',
);

return $lang;
