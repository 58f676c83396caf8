@controller @users @certification @req-001-users
Feature: Chargepoint users
  Users map names (at most 255 characters) to UUIDs the controller hands out.
  (Spec 001, "Chargepoint Users Identity".)

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: Add, read, rename and delete a user
    When I add a user named "Jenny"
    Then the user "Jenny" is added with a new UUID
    And the users are "Jenny"
    When I rename that user to "Alex"
    Then the answer is HTTP 200
    And that user is named "Alex"
    When I delete that user
    Then the answer is HTTP 200
    And there are no users

  Scenario: Users keep the order they were added in
    Given I add a user named "Jenny"
    And I add a user named "Alex"
    Then the users are "Jenny,Alex"

  Scenario: A name of 255 characters is accepted
    When I add a user whose name is 255 characters long
    Then the user is added with a name of 255 characters

  Scenario: A name of 256 characters is refused and nothing is added
    When I add a user whose name is 256 characters long
    Then the answer is HTTP 400 with cause "longer than 255 characters"
    And there are no users

  Scenario: Renaming to 255 characters works, to 256 does not
    Given I add a user named "Jenny"
    When I rename that user to a name of 256 characters
    Then the answer is HTTP 400 with cause "longer than 255 characters"
    And that user is named "Jenny"
    When I rename that user to a name of 255 characters
    Then the answer is HTTP 200

  Scenario: An empty name is refused
    When I add a user named ""
    Then the answer is HTTP 400 with cause "must not be empty"

  Scenario Outline: An unknown user id cannot be <action>
    When I <action> the user "c9228f30-daa2-4a24-b9c0-e38aa2dc3fe5"
    Then the answer is HTTP 404 with cause "user not found"

    Examples:
      | action |
      | read   |
      | rename |
      | delete |
