/**
 * The admin client's operations ({@link io.brook.client.internal.admin.AdminClient}): topic
 * creation, deletion, description and alteration and cluster description, each retried until its
 * deadline. Depends on the metadata and network packages and the protocol messages.
 */
package io.brook.client.internal.admin;
