@roaming @sim-only @req-002-users
Feature: App users: registration, log-in, details, payment means
  An app (OEM) manages its users on the hub; after user-register or
  user-verify it keeps the token and identifies the user with it.

  Scenario: user-register returns a token and an EVCO ID with a valid check digit
    When the app sends "user-register" with:
      """
      {"username": "carla", "email": "carla@example.com", "password": "pw-carla", "language": "de"}
      """
    Then the result code is 0
    And the answer has "/user/token"
    And the answer's EVCO ID "/user/evco-id" has a valid check digit

  Scenario: user-register with an e-mail that exists is 143
    When the app sends "user-register" with:
      """
      {"username": "someone", "email": "test1@plugsurfing.com", "password": "pw"}
      """
    Then the result code is 143

  Scenario: user-register with a malformed e-mail is a format error
    When the app sends "user-register" with:
      """
      {"username": "someone", "email": "not-an-email", "password": "pw"}
      """
    Then the result code is 230

  Scenario: user-verify with the staging user's password gives a token
    When the app sends "user-verify" with:
      """
      {"username": "test1@plugsurfing.com", "password": "test", "is-token": false, "language": "en"}
      """
    Then the result code is 0
    And the answer has "/user/token"

  Scenario: user-verify with a wrong password is 141
    When the app sends "user-verify" with:
      """
      {"username": "test1@plugsurfing.com", "password": "wrong", "is-token": false}
      """
    Then the result code is 141

  Scenario: user-verify of an unknown user is 144
    When the app sends "user-verify" with:
      """
      {"username": "nobody@example.com", "password": "test", "is-token": false}
      """
    Then the result code is 144

  Scenario: user-verify with a token that is not valid is 145
    When the app sends "user-verify" with:
      """
      {"username": "test1@plugsurfing.com", "password": "0123456789abcdef", "is-token": true}
      """
    Then the result code is 145

  Scenario: user-change-password makes the new password the one that works
    Given the app user "dora" is registered
    When the app sends "user-change-password" with:
      """
      {"username": "dora", "current-password": "secret-dora", "new-password": "new-secret"}
      """
    Then the result code is 0
    When the app sends "user-verify" with:
      """
      {"username": "dora@example.com", "password": "new-secret", "is-token": false}
      """
    Then the result code is 0

  Scenario: user-change-password with a wrong current password is 140 and changes nothing
    Given the app user "dora" is registered
    When the app sends "user-change-password" with:
      """
      {"username": "dora", "current-password": "guess", "new-password": "new-secret"}
      """
    Then the result code is 140
    When the app sends "user-verify" with:
      """
      {"username": "dora", "password": "secret-dora", "is-token": false}
      """
    Then the result code is 0

  Scenario: user-reset of a known e-mail is accepted
    When the app sends "user-reset" with:
      """
      {"identifier": "test2@plugsurfing.com"}
      """
    Then the result code is 0

  Scenario: user-reset of an unknown e-mail is 144
    When the app sends "user-reset" with:
      """
      {"identifier": "nobody@example.com"}
      """
    Then the result code is 144

  Scenario: user-logout ends the token
    Given the app user "emil" is registered
    When the app sends "user-logout" with:
      """
      {"user": {"identifier-type": "username", "identifier": "emil", "token": "${emil.token}"}}
      """
    Then the result code is 0
    When the app sends "user-get-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "emil", "token": "${emil.token}"}}
      """
    Then the result code is 145

  Scenario: user-logout without a token is 140
    Given the app user "emil" is registered
    When the app sends "user-logout" with:
      """
      {"user": {"identifier-type": "evco-id", "identifier": "${emil.evco}"}}
      """
    Then the result code is 140

  Scenario: user-post-details stores what user-get-details returns
    Given the app user "fritz" is registered
    When the app sends "user-post-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "fritz", "token": "${fritz.token}"},
       "details": {"first-name": "Fritz", "last-name": "Müller", "locale": "de", "vat": "DE123456789",
                   "address": {"street": "Torgauer Str.", "street-number": "12 - 15", "zip": "10829", "city": "Berlin", "country": "DE"},
                   "phone": "+49 151 84512991"}}
      """
    Then the result code is 0
    When the app sends "user-get-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "fritz", "token": "${fritz.token}"}}
      """
    Then the result code is 0
    And the answer has "/user/last-name" equal to "Müller"
    And the answer has "/user/address/country" equal to "DE"
    And the answer has "/user/evco-id" equal to "${fritz.evco}"

  Scenario: user-post-details with a VAT number that does not validate gives a reason and stores nothing
    Given the app user "fritz" is registered
    When the app sends "user-post-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "fritz", "token": "${fritz.token}"},
       "details": {"first-name": "Fritz", "vat": "DE1234567"}}
      """
    Then the result code is 0
    And the answer has "/user-post-details/reason" equal to "Could not validate VAT number: DE1234567"
    When the app sends "user-get-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "fritz", "token": "${fritz.token}"}}
      """
    Then the answer has "/user/first-name" equal to null

  Scenario: user-post-details with a country that is not ISO alpha-2 is 230
    Given the app user "fritz" is registered
    When the app sends "user-post-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "fritz", "token": "${fritz.token}"},
       "details": {"address": {"street": "Warschauer Str.", "street-number": "1", "zip": "10247", "city": "Berlin", "country": "Germany"}}}
      """
    Then the result code is 230

  Scenario: user-get-details with a username but no token is 140
    When the app sends "user-get-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "test1@plugsurfing.com"}}
      """
    Then the result code is 140

  Scenario: user-get-details of an unknown username is 144
    When the app sends "user-get-details" with:
      """
      {"user": {"identifier-type": "username", "identifier": "ghost", "token": "00000000000000000000000000000000"}}
      """
    Then the result code is 144

  Scenario: user-add-creditcard adds a payment means
    Given the app user "gina" is registered
    When the app sends "user-add-creditcard" with:
      """
      {"user": {"identifier-type": "username", "identifier": "gina", "token": "${gina.token}"},
       "encrypted-data": "zpTii0RDoCl7SzDF9dVIKhNFI0rzpTii0RDoCl7SzDF9dVIKhNFI0r"}
      """
    Then the result code is 0

  Scenario: user-add-creditcard with data that cannot be decrypted is 870
    Given the app user "gina" is registered
    When the app sends "user-add-creditcard" with:
      """
      {"user": {"identifier-type": "username", "identifier": "gina", "token": "${gina.token}"}, "encrypted-data": "not encrypted!"}
      """
    Then the result code is 870

  Scenario: user-add-creditcard for a user identified by EVCO ID is 805
    Given the app user "gina" is registered
    When the app sends "user-add-creditcard" with:
      """
      {"user": {"identifier-type": "evco-id", "identifier": "${gina.evco}"}, "encrypted-data": "zpTii0RDoCl7SzDF9dVIKhNFI0r"}
      """
    Then the result code is 805

  Scenario: user-add-payment returns the URL to complete the payment setup
    Given the app user "hans" is registered
    When the app sends "user-add-payment" with:
      """
      {"user": {"identifier-type": "username", "identifier": "hans", "token": "${hans.token}"}, "payment-type": "paypal"}
      """
    Then the result code is 0
    And the answer has "/user-add-payment/url"

  Scenario: user-add-payment for a user identified by EVCO ID is 805
    Given the app user "hans" is registered
    When the app sends "user-add-payment" with:
      """
      {"user": {"identifier-type": "evco-id", "identifier": "${hans.evco}"}, "payment-type": "ideal"}
      """
    Then the result code is 805

  Scenario: user-add-payment with an unknown payment type is 230
    Given the app user "hans" is registered
    When the app sends "user-add-payment" with:
      """
      {"user": {"identifier-type": "username", "identifier": "hans", "token": "${hans.token}"}, "payment-type": "bitcoin"}
      """
    Then the result code is 230

  Scenario: user-add-payment while the payment provider is down is 800 and adds nothing
    Given the app user "hans" is registered
    And the payment provider fails the next 1 requests
    When the app sends "user-add-payment" with:
      """
      {"user": {"identifier-type": "username", "identifier": "hans", "token": "${hans.token}"}, "payment-type": "paypal"}
      """
    Then the result code is 800
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "hans", "token": "${hans.token}"}, "connector-id": "DE*CBS*ECP2"}
      """
    Then the result code is 140
    When the app sends "user-add-payment" with:
      """
      {"user": {"identifier-type": "username", "identifier": "hans", "token": "${hans.token}"}, "payment-type": "paypal"}
      """
    Then the result code is 0
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "hans", "token": "${hans.token}"}, "connector-id": "DE*CBS*ECP2"}
      """
    Then the result code is 321
