@controller @login @certification
Feature: Logging in to the charge controller
  The controller API is password protected. A one-time token salts the SHA-256
  of the password; the session id goes in every call and dies after 60 seconds
  without a call, or at logout. (Spec 001, "Login and session authorization".)

  Background:
    Given the charge controller "CP-1"

  @req-001-login
  Scenario: The operator logs in with the right password
    When I log in as "operator" with password "chargebench"
    Then the login succeeds with a session id
    And I can read the system state

  @req-001-login
  Scenario: A wrong password is refused
    When I log in as "operator" with password "not-the-password"
    Then the login is refused
    And a request without a session id is answered 401

  @req-001-login
  Scenario: An unknown user is refused
    When I log in as "mallory" with password "chargebench"
    Then the login is refused

  @req-001-login-token
  Scenario: A login without a token is refused
    When I log in as "operator" with password "chargebench" without a token
    Then the login is refused

  @req-001-login-token
  Scenario: A login token serves only one attempt
    Given I have a login token
    When I log in as "operator" with password "not-the-password" using the first token
    And I log in as "operator" with password "chargebench" using the first token
    Then the login is refused

  @req-001-login-token
  Scenario: A token dies when the next one is requested
    Given I have a login token
    And I request another login token
    When I log in as "operator" with password "chargebench" using the first token
    Then the login is refused

  @req-001-login-token
  Scenario: The newest token works
    Given I have a login token
    And I request another login token
    When I log in as "operator" with password "chargebench" using the last token
    Then the login succeeds with a session id

  @req-001-session
  Scenario: A made-up session id is refused
    Then a request with the session id "00000000-0000-4000-8000-000000000000" is answered 401

  @req-001-session-timeout
  Scenario: The session expires after 60 seconds without a call
    Given I am logged in as the operator
    When 60 seconds pass
    Then reading the system state is answered 401

  @req-001-session-timeout
  Scenario: Calls keep the session alive
    Given I am logged in as the operator
    When 59 seconds pass
    And I read the system state
    And 59 seconds pass
    Then I can read the system state

  @req-001-logout
  Scenario: After logout the session id is refused
    Given I am logged in as the operator
    When I log out
    Then the logout succeeds
    And reading the system state with the old session id is answered 401

  @req-001-session
  Scenario Outline: Two clients logged in at once each keep their own session (the first logs in after <wait>)
    Given <wait> have passed
    And I am logged in as the operator
    And I remember my session id
    When a second client logs in
    Then the two session ids differ and both read the system state

    Examples:
      | wait      |
      | 0 seconds |
      | 2 minutes |

  @req-001-session
  Scenario: Sixty-five logins without a logout are each answered, and the newest session works
    When a client logs in 65 times without logging out
    Then every login was answered with a session or a refusal, and the newest session works
